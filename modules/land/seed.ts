import { EntityManager } from '@mikro-orm/postgresql';
import {
  AdminUnit, AdminUnitLevel, agencyDesk, ApplicantKind, Channel, createDemoAccounts, DEMO_CITIZENS, DossierSeedContext,
  ErrorResult, SeedContext, taxCodeFrom,
} from '../../src/kernel';
import { CertificateStatus, LandCertificate, LandCertificateHolder, LandCertificateParcel, LandCounter } from './entities/land-certificate.entity';
import { LandHolder } from './entities/land-holder.entity';
import { LandParcel } from './entities/land-parcel.entity';
import { ParcelRegistration, RegistrationKind, RegistrationParty } from './entities/parcel-registration.entity';
import { LAND_AGENCY_CODE, LAND_PROCEDURE, LAND_REGISTRATION_OFFICE_CODE } from './procedures';
import { formatBookEntry, formatSerial, serialSeries } from './rules/certificate-serials';
import { ParcelKey, parcelKeyString } from './rules/land-forms';

const [AN, BINH, CUONG] = DEMO_CITIZENS;

const BIDV = { name: 'Ngân hàng TMCP Đầu tư và Phát triển Việt Nam – Chi nhánh Lâm Đồng', taxCode: '0100150619' };
const VIETCOMBANK = { name: 'Ngân hàng TMCP Ngoại thương Việt Nam – Chi nhánh Lâm Đồng', taxCode: '0100112437' };
const AGRIBANK = { name: 'Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam – Chi nhánh Bảo Lộc', taxCode: '0100686174' };
const VIETINBANK = { name: 'Ngân hàng TMCP Công thương Việt Nam – Chi nhánh Lâm Đồng', taxCode: '0100111948' };
const SACOMBANK = { name: 'Ngân hàng TMCP Sài Gòn Thương Tín – Chi nhánh Lâm Đồng', taxCode: '0301103908' };
const BANKS = [BIDV, VIETCOMBANK, AGRIBANK, VIETINBANK, SACOMBANK];

/**
 * Fixed demo facts of the register, the same whatever the random source (tests import them).
 * Serials follow from the order the seed issues certificates in (each year's series from 000001).
 */
export const LAND_DEMO = {
  /** A valid certificate of citizen An (a demo account) over one urban parcel, its past mortgage released: ready to be transferred to citizen Bình. */
  transfer: {
    parcel: { communeCode: '24781', mapSheet: 12, parcelNumber: 145 },
    areaM2: 152.6,
    purposeCode: 'ODT',
    certificateSerial: 'CS 000001',
    holder: { kind: ApplicantKind.PERSON, name: AN.fullName, idNumber: AN.identityNumber },
    transferee: { kind: ApplicantKind.PERSON, name: BINH.fullName, idNumber: BINH.identityNumber, address: 'Số 7 đường Phan Đình Phùng, Phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng' },
  },
  /** A certificate replaced by a transfer in 2019, and the one that replaced it. */
  replaced: {
    parcel: { communeCode: '24772', mapSheet: 8, parcelNumber: 56 },
    certificateSerial: 'CP 000001',
    currentCertificateSerial: 'CV 000001',
    formerHolder: { kind: ApplicantKind.PERSON, name: 'Hoàng Văn Thái', idNumber: '068062003417' },
    holder: { kind: ApplicantKind.PERSON, name: 'Đặng Thị Thu Trang', idNumber: '068185002961' },
  },
  /** A parcel under a mortgage in force (BIDV, 2023). */
  mortgaged: {
    parcel: { communeCode: '24790', mapSheet: 21, parcelNumber: 88 },
    certificateSerial: 'CU 000001',
    holder: { kind: ApplicantKind.PERSON, name: 'Lê Minh Đức', idNumber: '068078004152' },
    mortgagee: BIDV,
    contractNumber: '0412/2023/HĐTC-BIDV.LĐ',
    securedAmountVnd: 2_500_000_000,
  },
  /** A certificate held jointly by a married couple. */
  coHeld: {
    parcel: { communeCode: '24820', mapSheet: 5, parcelNumber: 230 },
    certificateSerial: 'CS 000002',
    holders: [
      { kind: ApplicantKind.PERSON, name: 'Phạm Quốc Việt', idNumber: '068080006735' },
      { kind: ApplicantKind.PERSON, name: 'Nguyễn Thị Thu Hà', idNumber: '068183001288' },
    ],
  },
  /** One certificate over two neighbouring coffee parcels. */
  multiParcel: {
    parcels: [
      { communeCode: '24985', mapSheet: 9, parcelNumber: 40 },
      { communeCode: '24985', mapSheet: 9, parcelNumber: 41 },
    ],
    certificateSerial: 'CQ 000001',
    holder: { kind: ApplicantKind.PERSON, name: 'K’ Brăk', idNumber: '068071005543' },
  },
  /** A parcel whose only certificate was revoked: it may be registered anew. */
  revoked: { parcel: { communeCode: '24985', mapSheet: 14, parcelNumber: 72 }, certificateSerial: 'CT 000001' },
  /** A parcel not in the register yet, for a first registration. */
  unregisteredParcel: { communeCode: '24985', mapSheet: 20, parcelNumber: 311 },
} as const;

/**
 * Valid form data for each land procedure against the demo register, for suites that file land
 * dossiers without caring about land (a land procedure's form is checked on submission and
 * reception). `seq` keeps first registrations and mortgages distinct so that each may be
 * approved; the transfer, release and re-issue forms may be approved once per database.
 */
export function landDemoFormData(procedureCode: string, seq = 1): Record<string, unknown> {
  switch (procedureCode) {
    case LAND_PROCEDURE.FIRST_REGISTRATION:
      return {
        // Map sheet 61 lies outside the sheets the demo register uses.
        parcel: { communeCode: '24985', mapSheet: 61, parcelNumber: seq, areaM2: 320.5, purposeCode: 'ONT', address: 'Thôn Phú Thạnh, Xã Đức Trọng, tỉnh Lâm Đồng' },
        holders: [{ kind: ApplicantKind.PERSON, name: CUONG.fullName, idNumber: CUONG.identityNumber }],
      };
    case LAND_PROCEDURE.TRANSFER:
      return {
        parcels: [LAND_DEMO.transfer.parcel],
        certificateSerial: LAND_DEMO.transfer.certificateSerial,
        transferors: [LAND_DEMO.transfer.holder],
        transferees: [LAND_DEMO.transfer.transferee],
        declaredPriceVnd: 3_200_000_000,
        relationship: 'NONE',
      };
    case LAND_PROCEDURE.MORTGAGE:
      return { certificateSerial: LAND_DEMO.replaced.currentCertificateSerial, mortgagee: VIETINBANK, securedAmountVnd: 1_200_000_000, contractNumber: `${seq}/2024/HĐTC-CTG.LĐ`, contractDate: '2024-12-16' };
    case LAND_PROCEDURE.MORTGAGE_RELEASE:
      return { certificateSerial: LAND_DEMO.mortgaged.certificateSerial, contractNumber: LAND_DEMO.mortgaged.contractNumber };
    case LAND_PROCEDURE.REISSUE_LOST:
      return { certificateSerial: LAND_DEMO.coHeld.certificateSerial, lossReportedAt: '2024-12-02', lossNoticeRef: 'Giấy xác nhận niêm yết thông báo mất Giấy chứng nhận số 18/XN-UBND' };
    case LAND_PROCEDURE.MORTGAGE_CHANGE:
    case LAND_PROCEDURE.PARCEL_SPLIT_MERGE:
      // No structured form: the officer checks the paper.
      return {};
    default:
      throw new Error(`Not a land procedure: ${procedureCode}`);
  }
}

/** Demo electronic codes of the district committees that issued household certificates before July 2025. */
const DISTRICT_ISSUERS: Record<string, { code: string; name: string }> = {
  '24781': { code: '000.00.22.H37', name: 'Ủy ban nhân dân thành phố Đà Lạt' },
  '24772': { code: '000.00.22.H37', name: 'Ủy ban nhân dân thành phố Đà Lạt' },
  '24790': { code: '000.00.22.H37', name: 'Ủy ban nhân dân thành phố Đà Lạt' },
  '24820': { code: '000.00.23.H37', name: 'Ủy ban nhân dân thành phố Bảo Lộc' },
  '24985': { code: '000.00.28.H37', name: 'Ủy ban nhân dân huyện Đức Trọng' },
};

const STREETS: Record<string, string[]> = {
  '24781': ['đường Yersin', 'đường Trần Hưng Đạo', 'đường Bùi Thị Xuân', 'đường Lê Đại Hành', 'đường Nguyễn Du', 'đường Hùng Vương', 'đường Trần Quốc Toản'],
  '24772': ['đường Phù Đổng Thiên Vương', 'đường Đinh Tiên Hoàng', 'đường Mai Anh Đào', 'đường Xô Viết Nghệ Tĩnh', 'đường Nguyên Tử Lực'],
  '24790': ['đường Hoàng Văn Thụ', 'đường Hai Bà Trưng', 'đường Cam Ly', 'đường An Sơn', 'đường Nguyễn Văn Trỗi'],
  '24985': ['thôn Phú Thạnh', 'thôn Bồng Lai', 'đường Thống Nhất', 'thôn Nghĩa Lập', 'tổ dân phố Nghĩa Hiệp'],
  '24820': ['đường Trần Phú', 'đường Lê Hồng Phong', 'đường Hà Giang', 'đường Nguyễn Công Trứ', 'đường Lý Tự Trọng'],
};

/** Purposes a random parcel of each commune may have, with its area range in m². */
const PURPOSES: Record<string, [string, number, number][]> = {
  '24781': [['ODT', 60, 320], ['ODT', 80, 250], ['TMD', 300, 1800]],
  '24772': [['ODT', 70, 300], ['BHK', 400, 2500], ['ODT', 90, 220]],
  '24790': [['ODT', 70, 260], ['BHK', 500, 3000], ['CLN', 800, 4000]],
  '24985': [['ONT', 150, 600], ['CLN', 1500, 12000], ['LUK', 800, 3500], ['BHK', 600, 4000]],
  '24820': [['ODT', 80, 300], ['CLN', 2000, 15000], ['CLN', 1000, 6000]],
};

const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lâm'];
const MALE = ['Văn Hùng', 'Minh Tuấn', 'Quốc Bảo', 'Đức Thắng', 'Thanh Tùng', 'Hữu Nghĩa', 'Văn Long', 'Công Danh', 'Minh Khoa', 'Văn Tâm'];
const FEMALE = ['Thị Lan', 'Thị Hạnh', 'Ngọc Ánh', 'Thị Mỹ', 'Thị Nhàn', 'Thu Trang', 'Thị Hồng', 'Kim Oanh', 'Thị Ngọc', 'Bích Ngân'];
const ORGANISATIONS = [
  'Công ty TNHH Khách sạn Đồi Thông Đà Lạt',
  'Công ty CP Du lịch Langbiang Xanh',
  'Công ty TNHH Rau hoa Cầu Đất',
  'Công ty CP Chè Bảo Lộc',
  'Hợp tác xã Nông nghiệp Xuân Trường',
];

/** A morning in office hours on a local date. */
const at = (date: string) => new Date(`${date}T02:30:00Z`);

interface Person {
  kind: ApplicantKind;
  name: string;
  idNumber: string;
  address?: string | null;
}

interface Holding {
  person: Person;
  shareNote?: string | null;
}

/** Builds the register in memory through the entities, numbering certificates as the offices do. */
class RegisterBuilder {
  private readonly counters = new Map<string, number>();
  private readonly holders = new Map<string, LandHolder>();
  private readonly certificateFacts = new Map<LandCertificate, { holdings: Holding[]; parcels: LandParcel[] }>();
  /**
   * Status changes of certificates, applied after the certificates are inserted: the ORM inserts
   * a batch with self-references empty and fills them in afterwards, which the check "a replaced
   * certificate names its successor" would refuse.
   */
  private readonly endings: (() => void)[] = [];

  constructor(
    private readonly em: EntityManager,
    private readonly communes: Map<string, AdminUnit>,
  ) {}

  private next(series: string): number {
    const n = (this.counters.get(series) ?? 0) + 1;
    this.counters.set(series, n);
    return n;
  }

  parcel(key: ParcelKey, areaM2: number, purposeCode: string, address: string, useUntil: string | null = null): LandParcel {
    return this.em.create(LandParcel, {
      ...key,
      commune: this.communes.get(key.communeCode)!,
      areaM2: areaM2.toFixed(1),
      purposeCode,
      address,
      useUntil,
    });
  }

  private holder(p: Person): LandHolder {
    let h = this.holders.get(p.idNumber);
    if (!h) {
      h = this.em.create(LandHolder, { kind: p.kind, name: p.name, idNumber: p.idNumber, address: p.address ?? null });
      this.holders.set(p.idNumber, h);
    }
    return h;
  }

  /**
   * A certificate as the competent body of the time issued it: before July 2025 the district
   * committee for a household's first certificate (book `CH`), the department otherwise; since
   * then the department, or its registration office for changes.
   */
  private certificate(on: string, kind: 'first' | 'change', holdings: Holding[], parcels: LandParcel[], dossierCode: string | null = null): LandCertificate {
    const modern = on >= '2025-07-01';
    const persons = holdings.every((h) => h.person.kind === ApplicantKind.PERSON);
    const issuer = modern
      ? kind === 'first'
        ? { code: LAND_AGENCY_CODE, name: 'Sở Nông nghiệp và Môi trường tỉnh Lâm Đồng', prefix: 'CS' as const }
        : { code: LAND_REGISTRATION_OFFICE_CODE, name: 'Văn phòng đăng ký đất đai tỉnh Lâm Đồng', prefix: 'CS' as const }
      : kind === 'first' && persons
        ? { ...DISTRICT_ISSUERS[parcels[0].communeCode], prefix: 'CH' as const }
        : { code: LAND_AGENCY_CODE, name: 'Sở Tài nguyên và Môi trường tỉnh Lâm Đồng', prefix: 'CS' as const };
    const series = serialSeries(Number(on.slice(0, 4)));
    const certificate = this.em.create(LandCertificate, {
      serial: formatSerial(series, this.next(`serial:${series}`)),
      bookEntryNumber: formatBookEntry(this.next(`book:${issuer.code}`), issuer.prefix),
      issuedOn: on,
      issuingAgencyCode: issuer.code,
      issuingAgencyName: issuer.name,
      dossierCode,
      createdAt: at(on),
    });
    holdings.forEach((h, i) => this.em.create(LandCertificateHolder, { certificate, holder: this.holder(h.person), position: i + 1, shareNote: h.shareNote ?? null }));
    for (const parcel of parcels) this.em.create(LandCertificateParcel, { certificate, parcel });
    this.certificateFacts.set(certificate, { holdings, parcels });
    return certificate;
  }

  private entry(parcel: LandParcel, kind: RegistrationKind, on: string, fields: Partial<ParcelRegistration> & { parties: RegistrationParty[] }): void {
    this.em.create(ParcelRegistration, { parcel, kind, at: at(on), ...fields });
  }

  private names(role: string, holdings: Holding[]): RegistrationParty[] {
    return holdings.map((h) => ({ role, name: h.person.name }));
  }

  firstRegistration(on: string, holdings: Holding[], parcels: LandParcel[]): LandCertificate {
    const c = this.certificate(on, 'first', holdings, parcels);
    for (const p of parcels) this.entry(p, RegistrationKind.FIRST_REGISTRATION, on, { certificateAfter: c, parties: this.names('HOLDER', holdings) });
    return c;
  }

  transfer(on: string, old: LandCertificate, to: Holding[]): LandCertificate {
    const { holdings, parcels } = this.certificateFacts.get(old)!;
    const c = this.certificate(on, 'change', to, parcels);
    this.endings.push(() => Object.assign(old, { status: CertificateStatus.REPLACED, replacedBy: c, statusReason: 'Chuyển nhượng quyền sử dụng đất' }));
    const parties = [...this.names('TRANSFEROR', holdings), ...this.names('TRANSFEREE', to)];
    for (const p of parcels) this.entry(p, RegistrationKind.TRANSFER, on, { certificateBefore: old, certificateAfter: c, parties });
    return c;
  }

  mortgage(on: string, c: LandCertificate, bank: { name: string; taxCode: string }, amount: number, contractNumber: string, released?: string): void {
    const { holdings, parcels } = this.certificateFacts.get(c)!;
    const fields = {
      certificateBefore: c,
      certificateAfter: c,
      parties: this.names('MORTGAGOR', holdings),
      mortgageeName: bank.name,
      mortgageeTaxCode: bank.taxCode,
      securedAmountVnd: amount,
      contractNumber,
      contractDate: on,
    };
    for (const p of parcels) {
      this.entry(p, RegistrationKind.MORTGAGE_REGISTERED, on, fields);
      if (released) this.entry(p, RegistrationKind.MORTGAGE_RELEASED, released, fields);
    }
  }

  reissueAfterLoss(on: string, old: LandCertificate, lossNotice: string): LandCertificate {
    const { holdings, parcels } = this.certificateFacts.get(old)!;
    const c = this.certificate(on, 'change', holdings, parcels);
    this.endings.push(() => Object.assign(old, { status: CertificateStatus.REVOKED, replacedBy: c, statusReason: `Mất Giấy chứng nhận (${lossNotice})` }));
    for (const p of parcels) {
      this.entry(p, RegistrationKind.CERTIFICATE_REISSUED, on, { certificateBefore: old, certificateAfter: c, parties: this.names('HOLDER', holdings), note: 'Cấp lại Giấy chứng nhận do bị mất' });
    }
    return c;
  }

  revoke(on: string, c: LandCertificate, reason: string): void {
    const { holdings, parcels } = this.certificateFacts.get(c)!;
    this.endings.push(() => Object.assign(c, { status: CertificateStatus.REVOKED, statusReason: reason }));
    for (const p of parcels) this.entry(p, RegistrationKind.CERTIFICATE_REVOKED, on, { certificateBefore: c, parties: this.names('HOLDER', holdings), note: reason });
  }

  holdsAny(c: LandCertificate, holdings: Holding[]): boolean {
    const named = new Set(this.certificateFacts.get(c)!.holdings.map((h) => h.person.idNumber));
    return holdings.some((h) => named.has(h.person.idNumber));
  }

  /** Writes it all; the counters continue where the demo data stopped, so new certificates never repeat a number. */
  async finish(): Promise<void> {
    for (const [series, last] of this.counters) this.em.create(LandCounter, { series, last });
    await this.em.flush();
    for (const end of this.endings) end();
    await this.em.flush();
  }
}

/** A 12-digit CCCD registered in Lâm Đồng (province code 068). */
function citizenId(random: () => number, female: boolean): string {
  const year = 1950 + Math.floor(random() * 50);
  return `068${female ? 1 : 0}${String(year % 100).padStart(2, '0')}${String(Math.floor(random() * 1e6)).padStart(6, '0')}`;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Demo staff, then (on an empty register) the demo land register of five communes. */
export async function seedLand({ em, random, now }: SeedContext): Promise<void> {
  await createDemoAccounts(em, [
    ...agencyDesk('land', LAND_AGENCY_CODE, ['Nguyễn Thị Hồng Nhung', 'Trần Văn Phúc', 'Lê Minh Tuấn', 'Phạm Thị Thu Hà']),
    ...agencyDesk('landreg', LAND_REGISTRATION_OFFICE_CODE, ['Võ Thị Mai Anh', 'Đặng Quốc Bảo', 'Hoàng Văn Lâm']),
  ]);
  if (await em.count(LandParcel, {})) return;
  const units = await em.find(AdminUnit, { code: { $in: Object.keys(STREETS) }, validTo: null, level: AdminUnitLevel.COMMUNE });
  const communes = new Map(units.map((u) => [u.code, u]));
  const b = new RegisterBuilder(em, communes);
  const communeName = (code: string) => communes.get(code)!.name;
  const addr = (street: string, code: string, n?: number) => {
    const s = `${n ? `Số ${n} ` : ''}${street}, ${communeName(code)}, tỉnh Lâm Đồng`;
    return s[0].toUpperCase() + s.slice(1);
  };

  // --- the fixed demo facts (LAND_DEMO), issued first so that their serials are known ---
  const d = LAND_DEMO;
  const an: Person = { ...d.transfer.holder, address: addr('đường Yersin', '24781', 18) };
  const anParcel = b.parcel(d.transfer.parcel, d.transfer.areaM2, d.transfer.purposeCode, addr('đường Yersin', '24781', 18));
  const anCert = b.firstRegistration('2016-05-12', [{ person: an }], [anParcel]);
  b.mortgage('2020-03-02', anCert, VIETCOMBANK, 800_000_000, '15/2020/HĐTC-VCB.LĐ', '2022-11-15');

  const replacedParcel = b.parcel(d.replaced.parcel, 186.4, 'ODT', addr('đường Phù Đổng Thiên Vương', '24772', 42));
  const thai = b.firstRegistration('2013-03-20', [{ person: { ...d.replaced.formerHolder, address: addr('đường Phù Đổng Thiên Vương', '24772', 42) } }], [replacedParcel]);
  b.transfer('2019-08-14', thai, [{ person: { ...d.replaced.holder, address: addr('đường Mai Anh Đào', '24772', 9) } }]);

  const ducParcel = b.parcel(d.mortgaged.parcel, 214.0, 'ODT', addr('đường Hoàng Văn Thụ', '24790', 63));
  const ducCert = b.firstRegistration('2018-06-05', [{ person: { ...d.mortgaged.holder, address: addr('đường Hoàng Văn Thụ', '24790', 63) } }], [ducParcel]);
  b.mortgage('2023-04-10', ducCert, d.mortgaged.mortgagee, d.mortgaged.securedAmountVnd, d.mortgaged.contractNumber);

  const coParcel = b.parcel(d.coHeld.parcel, 245.8, 'ODT', addr('đường Trần Phú', '24820', 115));
  const couple = d.coHeld.holders.map((h) => ({ person: { ...h, address: addr('đường Trần Phú', '24820', 115) }, shareNote: 'Sử dụng chung (vợ chồng)' }));
  b.firstRegistration('2016-09-22', couple, [coParcel]);

  const coffee = d.multiParcel.parcels.map((k, i) => b.parcel(k, i ? 3120.5 : 4580.0, 'CLN', addr('thôn Phú Thạnh', '24985'), '2064-10-15'));
  b.firstRegistration('2014-11-03', [{ person: { ...d.multiParcel.holder, address: addr('thôn Phú Thạnh', '24985') } }], coffee);

  const revokedParcel = b.parcel(d.revoked.parcel, 356.2, 'ONT', addr('thôn Bồng Lai', '24985'));
  const wrong = b.firstRegistration('2017-07-19', [{ person: { kind: ApplicantKind.PERSON, name: 'Vũ Văn Khải', idNumber: '068059007310', address: addr('thôn Bồng Lai', '24985') } }], [revokedParcel]);
  b.revoke('2024-03-18', wrong, 'Thu hồi do cấp không đúng người sử dụng đất (Điều 152 Luật Đất đai 2024)');

  // --- the rest of the register, drawn from the seed's random source ---
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const fixedKeys: ParcelKey[] = [d.transfer.parcel, d.replaced.parcel, d.mortgaged.parcel, d.coHeld.parcel, ...d.multiParcel.parcels, d.revoked.parcel, d.unregisteredParcel];
  const taken = new Set(fixedKeys.map(parcelKeyString));
  const usedIds = new Set<string>([...DEMO_CITIZENS.map((c) => c.identityNumber), '068062003417', '068185002961', '068078004152', '068080006735', '068183001288', '068071005543', '068059007310']);
  const today = now.toISOString().slice(0, 10);
  const person = (code: string): Person => {
    const female = random() < 0.5;
    let idNumber = citizenId(random, female);
    while (usedIds.has(idNumber)) idNumber = citizenId(random, female);
    usedIds.add(idNumber);
    return { kind: ApplicantKind.PERSON, name: `${pick(SURNAMES)} ${pick(female ? FEMALE : MALE)}`, idNumber, address: addr(pick(STREETS[code]), code, 1 + Math.floor(random() * 150)) };
  };
  const organisation = (code: string): Person => {
    const i = Math.floor(random() * ORGANISATIONS.length);
    // One tax code per company (Lâm Đồng codes start with 58), whichever parcel it holds.
    return { kind: ApplicantKind.ORGANIZATION, name: ORGANISATIONS[i], idNumber: taxCodeFrom(String(580_041_200 + i * 1_373)), address: addr(pick(STREETS[code]), code, 1 + Math.floor(random() * 150)) };
  };
  const holdingsFor = (code: string, purpose: string): Holding[] => {
    if (purpose === 'TMD') return [{ person: organisation(code) }];
    const first = person(code);
    return random() < 0.3 ? [{ person: first, shareNote: 'Sử dụng chung (vợ chồng)' }, { person: person(code), shareNote: 'Sử dụng chung (vợ chồng)' }] : [{ person: first }];
  };
  const plan: [string, number][] = [['24781', 7], ['24772', 7], ['24790', 6], ['24985', 6], ['24820', 6]];
  for (const [code, count] of plan) {
    for (let i = 0; i < count; i++) {
      let key: ParcelKey;
      do key = { communeCode: code, mapSheet: 1 + Math.floor(random() * 45), parcelNumber: 1 + Math.floor(random() * 600) };
      while (taken.has(parcelKeyString(key)));
      taken.add(parcelKeyString(key));
      const [purpose, min, max] = pick(PURPOSES[code]);
      const area = Math.round((min + random() * (max - min)) * 10) / 10;
      const agricultural = ['CLN', 'BHK', 'LUK'].includes(purpose);
      let on = `${2008 + Math.floor(random() * 14)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
      // Agricultural land of individuals is allocated for 50 years; commercial land is leased for up to 50.
      const useUntil = agricultural || purpose === 'TMD' ? `${Number(on.slice(0, 4)) + 50}${on.slice(4)}` : null;
      const parcel = b.parcel(key, area, purpose, addr(pick(STREETS[code]), code, agricultural ? undefined : 1 + Math.floor(random() * 200)), useUntil);
      let cert = b.firstRegistration(on, holdingsFor(code, purpose), [parcel]);
      const later = (minDays: number, spanDays: number) => {
        const next = addDays(on, minDays + Math.floor(random() * spanDays));
        return next < addDays(today, -30) ? next : null;
      };
      const r = random();
      if (r < 0.35) {
        const when = later(200, 2500);
        let buyers = holdingsFor(code, purpose);
        // A company cannot sell to itself: draw again when the buyer is the seller.
        while (buyers.some((h) => h.person.kind === ApplicantKind.ORGANIZATION) && b.holdsAny(cert, buyers)) buyers = holdingsFor(code, purpose);
        if (when) cert = b.transfer((on = when), cert, buyers);
      }
      if (random() < 0.22) {
        const when = later(60, 1500);
        if (when) {
          on = when;
          const released = random() < 0.5 ? later(400, 900) : null;
          const amount = Math.round((200 + random() * 4800) * 1e6 / 1e7) * 1e7;
          b.mortgage(when, cert, pick(BANKS), amount, `${String(1 + Math.floor(random() * 9000)).padStart(4, '0')}/${when.slice(0, 4)}/HĐTC`, released ?? undefined);
          if (released) on = released;
        }
      }
      if (random() < 0.08) {
        const when = later(100, 900);
        if (when) b.reissueAfterLoss(when, cert, `thông báo mất Giấy chứng nhận niêm yết tại UBND ${communeName(code)}`);
      }
    }
  }
  await b.finish();
}

/**
 * Demo dossiers of the land office walked through the real workflow (the inter-agency transfers
 * are the kernel's demo): a first registration waiting for the leader's signature, and a
 * mortgage registered and returned, which shows in the register's history.
 */
export async function seedLandDossiers(ctx: DossierSeedContext): Promise<void> {
  const { em, calendar, now } = ctx;
  let clock = calendar.nextWorkingMoment(new Date(now.getTime() - 9 * 86_400_000));
  const service = ctx.dossierService(() => clock);
  const step = (minutes: number) => (clock = calendar.addWorkingMinutes(clock, minutes));
  const ok = (r: { dossierId: string } | ErrorResult, what: string): { dossierId: string } => {
    if (r instanceof ErrorResult) throw new Error(`Land demo dossier: ${what}: ${r.message}`);
    return r;
  };
  const walk = async (desk: string, procedureCode: string, applicant: { kind: ApplicantKind; name: string; idNumber: string; phone?: string }, formData: Record<string, unknown>, actions: string[]) => {
    const reception = await ctx.principal(`${desk}.reception`);
    const specialist = await ctx.principal(`${desk}.specialist`);
    const leader = await ctx.principal(`${desk}.leader`);
    const { dossierId } = ok(await service.receive(em.fork(), reception, { procedureCode, channel: Channel.COUNTER, applicant, formData }), `receive ${procedureCode}`);
    let version = 1;
    for (const action of actions) {
      step(action === 'submitForApproval' ? 6 * 60 : 90);
      const actor = action === 'approve' ? leader : action === 'submitForApproval' ? specialist : reception;
      ok(await service.perform(em.fork(), actor, { dossierId, action, expectedVersion: version++, assigneeId: action === 'assign' ? specialist.accountId : null }), `${action} on ${procedureCode}`);
    }
  };

  const cuong = { kind: ApplicantKind.PERSON, name: CUONG.fullName, idNumber: CUONG.identityNumber, phone: CUONG.phone };
  await walk('land', LAND_PROCEDURE.FIRST_REGISTRATION, cuong, landDemoFormData(LAND_PROCEDURE.FIRST_REGISTRATION), ['assign', 'submitForApproval']);

  // A mortgage on a certificate of the drawn register (not one of LAND_DEMO's), registered and returned.
  const [target] = await em.getConnection().execute<{ serial: string; name: string; id_number: string; kind: ApplicantKind }[]>(
    `select c.serial, h.name, h.id_number, h.kind from land_certificate c
      join land_certificate_holder ch on ch.certificate_id = c.id and ch.position = 1 join land_holder h on h.id = ch.holder_id
      where c.status = 'VALID' and c.serial not in (?) order by c.serial limit 1`,
    [[LAND_DEMO.transfer.certificateSerial, LAND_DEMO.replaced.currentCertificateSerial, LAND_DEMO.mortgaged.certificateSerial, LAND_DEMO.coHeld.certificateSerial, LAND_DEMO.multiParcel.certificateSerial]],
  );
  if (!target) return;
  step(24 * 60);
  const mortgage = { certificateSerial: target.serial, mortgagee: AGRIBANK, securedAmountVnd: 950_000_000, contractNumber: '2711/2026/HĐTC-AGR.BL', contractDate: calendar.localDate(clock) };
  await walk('landreg', LAND_PROCEDURE.MORTGAGE, { kind: target.kind, name: target.name, idNumber: target.id_number }, mortgage, ['assign', 'submitForApproval', 'approve', 'returnResult']);

  // The inter-agency transfer of LAND_DEMO's certificate, filed online by citizen An (the seller)
  // and sent to the tax authority with the cadastral data: it waits there for the assessment.
  // Without a module providing the tax assessment (MODULES=land) it stays at the land office.
  step(60);
  const an = await ctx.principal('citizen.an');
  const files = ['TP1', 'TP2', 'TP3', 'TP4', 'TP5'].map((c) => ({ name: `${c}.pdf`, mediaType: 'application/pdf', componentCode: c, contentBase64: Buffer.from(`%PDF-1.4 demo ${c}`).toString('base64') }));
  const transfer = ok(await service.submit(em.fork(), an, { procedureCode: LAND_PROCEDURE.TRANSFER, applicant: { ...LAND_DEMO.transfer.holder, phone: AN.phone }, files, formData: landDemoFormData(LAND_PROCEDURE.TRANSFER) }), 'submit transfer');
  const landreg = { reception: await ctx.principal('landreg.reception'), specialist: await ctx.principal('landreg.specialist'), leader: await ctx.principal('landreg.leader') };
  let version = 1;
  for (const [action, actor] of [['receive', landreg.reception], ['assign', landreg.leader], ['sendToTax', landreg.specialist]] as const) {
    step(action === 'sendToTax' ? 8 * 60 : 45);
    const r = await service.perform(em.fork(), actor, { dossierId: transfer.dossierId, action, expectedVersion: version, assigneeId: action === 'assign' ? landreg.specialist.accountId : null });
    if (action === 'sendToTax' && r instanceof ErrorResult && r.code === 'SERVICE_UNAVAILABLE') break;
    ok(r, `${action} on the transfer`);
    version++;
  }
}
