import { AdminUnitLevel } from './admin-unit.entity';
import { AgencyKind } from './agency.entity';

/** An agency as read paths use it: a plain row mapped from SQL (held by `ReferenceData`). */
export interface AgencyView {
  id: string;
  code: string;
  name: string;
  shortName: string;
  kind: AgencyKind;
  unitId: string;
  parentId: string | null;
  moduleName: string | null;
  validFrom: string;
  validTo: string | null;
}

/** An administrative unit as read paths use it: a plain row mapped from SQL (held by `ReferenceData`). */
export interface AdminUnitView {
  id: string;
  code: string;
  name: string;
  level: AdminUnitLevel;
  parentId: string | null;
  successorId: string | null;
  validFrom: string;
  validTo: string | null;
}

export const AGENCY_SQL = `select id, code, name, short_name as "shortName", kind, unit_id as "unitId", parent_id as "parentId",
  module_name as "moduleName", to_char(valid_from, 'YYYY-MM-DD') as "validFrom", to_char(valid_to, 'YYYY-MM-DD') as "validTo" from agency`;

export const ADMIN_UNIT_SQL = `select id, code, name, level, parent_id as "parentId", successor_id as "successorId",
  to_char(valid_from, 'YYYY-MM-DD') as "validFrom", to_char(valid_to, 'YYYY-MM-DD') as "validTo" from admin_unit`;
