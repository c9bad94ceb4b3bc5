import { AdminUnitLevel } from './admin-unit.entity';
import { AgencyKind } from './agency.entity';

/**
 * The administrative tree of Lâm Đồng and the kernel's own agencies. Since 1 July 2025 the
 * province merges Lâm Đồng, Đắk Nông and Bình Thuận and has two tiers; the former districts
 * and wards stay as history with their successors. Unit and agency codes here are demo codes
 * in the official patterns (GSO unit codes, QCVN 102:2016 agency codes): verify before use.
 */
export const PROVINCE_UNIT_CODE = '68';
const MERGER = '2025-07-01';
const BEFORE = '2025-06-30';

export interface UnitSeed {
  code: string;
  name: string;
  level: AdminUnitLevel;
  parentCode?: string;
  successorCode?: string;
  validFrom: string;
  validTo?: string;
}

export const ADMIN_UNITS: UnitSeed[] = [
  { code: '68', name: 'Tỉnh Lâm Đồng', level: AdminUnitLevel.PROVINCE, validFrom: '1976-02-20' },
  { code: '67', name: 'Tỉnh Đắk Nông', level: AdminUnitLevel.PROVINCE, validFrom: '2004-01-01', validTo: BEFORE, successorCode: '68' },
  { code: '60', name: 'Tỉnh Bình Thuận', level: AdminUnitLevel.PROVINCE, validFrom: '1992-01-01', validTo: BEFORE, successorCode: '68' },
  // Districts abolished on 1 July 2025.
  { code: '672', name: 'Thành phố Đà Lạt', level: AdminUnitLevel.DISTRICT, parentCode: '68', validFrom: '1976-02-20', validTo: BEFORE },
  { code: '673', name: 'Thành phố Bảo Lộc', level: AdminUnitLevel.DISTRICT, parentCode: '68', validFrom: '2010-04-08', validTo: BEFORE },
  { code: '678', name: 'Huyện Đức Trọng', level: AdminUnitLevel.DISTRICT, parentCode: '68', validFrom: '1976-02-20', validTo: BEFORE },
  { code: '660', name: 'Thành phố Gia Nghĩa', level: AdminUnitLevel.DISTRICT, parentCode: '67', validFrom: '2019-12-10', validTo: BEFORE },
  { code: '593', name: 'Thành phố Phan Thiết', level: AdminUnitLevel.DISTRICT, parentCode: '60', validFrom: '1999-08-25', validTo: BEFORE },
  // Wards and communes before the merger (a sample), each with the commune that took it over.
  { code: '24778', name: 'Phường 1', level: AdminUnitLevel.COMMUNE, parentCode: '672', validFrom: '1976-02-20', validTo: BEFORE, successorCode: '24781' },
  { code: '24787', name: 'Phường 2', level: AdminUnitLevel.COMMUNE, parentCode: '672', validFrom: '1976-02-20', validTo: BEFORE, successorCode: '24781' },
  { code: '24769', name: 'Phường 8', level: AdminUnitLevel.COMMUNE, parentCode: '672', validFrom: '1976-02-20', validTo: BEFORE, successorCode: '24772' },
  { code: '24772', name: 'Phường 9', level: AdminUnitLevel.COMMUNE, parentCode: '672', validFrom: '1976-02-20', validTo: BEFORE, successorCode: '24772' },
  { code: '24820', name: 'Phường 1 (Bảo Lộc)', level: AdminUnitLevel.COMMUNE, parentCode: '673', validFrom: '2010-04-08', validTo: BEFORE, successorCode: '24820' },
  { code: '24985', name: 'Thị trấn Liên Nghĩa', level: AdminUnitLevel.COMMUNE, parentCode: '678', validFrom: '1976-02-20', validTo: BEFORE, successorCode: '24985' },
  { code: '22945', name: 'Phường Đức Nghĩa', level: AdminUnitLevel.COMMUNE, parentCode: '593', validFrom: '1999-08-25', validTo: BEFORE, successorCode: '22936' },
  { code: '24611', name: 'Phường Nghĩa Đức', level: AdminUnitLevel.COMMUNE, parentCode: '660', validFrom: '2019-12-10', validTo: BEFORE, successorCode: '24611' },
  // Communes of the two-tier province since 1 July 2025 (a sample of the 124).
  { code: '24781', name: 'Phường Xuân Hương - Đà Lạt', level: AdminUnitLevel.COMMUNE, parentCode: '68', validFrom: MERGER },
  { code: '24772', name: 'Phường Lâm Viên - Đà Lạt', level: AdminUnitLevel.COMMUNE, parentCode: '68', validFrom: MERGER },
  { code: '24790', name: 'Phường Cam Ly - Đà Lạt', level: AdminUnitLevel.COMMUNE, parentCode: '68', validFrom: MERGER },
  { code: '24820', name: 'Phường 1 Bảo Lộc', level: AdminUnitLevel.COMMUNE, parentCode: '68', validFrom: MERGER },
  { code: '24985', name: 'Xã Đức Trọng', level: AdminUnitLevel.COMMUNE, parentCode: '68', validFrom: MERGER },
  { code: '22936', name: 'Phường Phan Thiết', level: AdminUnitLevel.COMMUNE, parentCode: '68', validFrom: MERGER },
  { code: '24611', name: 'Phường Bắc Gia Nghĩa', level: AdminUnitLevel.COMMUNE, parentCode: '68', validFrom: MERGER },
];

export interface KernelAgencySeed {
  code: string;
  name: string;
  shortName: string;
  /** The issuer part of document symbols (Decree 30/2020, Appendix I); see `Agency.abbreviation`. */
  abbreviation?: string;
  kind: AgencyKind;
  unitCode: string;
  parentCode?: string;
  validFrom: string;
  validTo?: string;
}

/** Agencies that belong to no module: the committees and the public administration service centre. */
export const KERNEL_AGENCIES: KernelAgencySeed[] = [
  { code: '000.00.00.H37', name: 'Ủy ban nhân dân tỉnh Lâm Đồng', shortName: 'UBND tỉnh', abbreviation: 'UBND', kind: AgencyKind.PROVINCIAL_COMMITTEE, unitCode: '68', validFrom: '1976-02-20' },
  { code: '000.00.01.H37', name: 'Trung tâm Phục vụ hành chính công tỉnh Lâm Đồng', shortName: 'TTPVHCC', abbreviation: 'TTPVHCC', kind: AgencyKind.SERVICE_CENTER, unitCode: '68', parentCode: '000.00.00.H37', validFrom: '2019-01-01' },
  { code: '000.00.22.H37', name: 'Ủy ban nhân dân thành phố Đà Lạt', shortName: 'UBND TP Đà Lạt', abbreviation: 'UBND', kind: AgencyKind.DISTRICT_COMMITTEE, unitCode: '672', parentCode: '000.00.00.H37', validFrom: '1976-02-20', validTo: BEFORE },
  { code: '000.31.22.H37', name: 'Ủy ban nhân dân phường Xuân Hương - Đà Lạt', shortName: 'UBND P. Xuân Hương', abbreviation: 'UBND', kind: AgencyKind.COMMUNE_COMMITTEE, unitCode: '24781', parentCode: '000.00.00.H37', validFrom: MERGER },
  { code: '000.32.22.H37', name: 'Ủy ban nhân dân phường Lâm Viên - Đà Lạt', shortName: 'UBND P. Lâm Viên', abbreviation: 'UBND', kind: AgencyKind.COMMUNE_COMMITTEE, unitCode: '24772', parentCode: '000.00.00.H37', validFrom: MERGER },
];
