import { EntityManager } from '@mikro-orm/postgresql';
import {
  Account, Agency, agencyDesk, ApplicantKind, Channel, createDemoAccounts, DEMO_CITIZENS, DossierSeedContext,
  ErrorResult, PerformDossierActionInput, ReceiveDossierInput, Role, SeedContext, taxCodeFrom, vietnamLocalDate,
} from '../../src/kernel';
import { DeclarationStatus, PeriodKind, TaxDeclaration } from './entities/tax-declaration.entity';
import { TaxLandPrice } from './entities/tax-land-price.entity';
import { NoticeStatus, TaxNotice } from './entities/tax-notice.entity';
import { ObligationStatus, TaxObligation } from './entities/tax-obligation.entity';
import { PaymentMethod, TaxPayment } from './entities/tax-payment.entity';
import { Taxpayer, TaxpayerKind } from './entities/taxpayer.entity';
import { LAND_TRANSFER_DECLARATION, REGISTRATION_CHANGE, REGISTRATION_INDIVIDUAL, REGISTRATION_ORGANISATION, TAX_AGENCY_CODE, TAX_NOTICE_NOTATIONS } from './procedures';
import { issueNoticeForDossier, storeLandTransferAssessment } from './services/obligation.service';
import { applyRate, ObligationKind, paymentTermFor, RATE_RULES, rateDecimal } from './rules/rates';
import { nextCounter } from './services/tax-code.service';
import { parcelValue } from './rules/land-transfer-assessment';

const PRICE_TABLE_2020 =
  'DEMO — giá minh họa theo cấu trúc Bảng giá đất tỉnh Lâm Đồng giai đoạn 2020–2024 (Quyết định của UBND tỉnh Lâm Đồng, số hiệu chưa kiểm chứng), kéo dài áp dụng đến hết 31/12/2025 theo Luật Đất đai 2024';
const PRICE_TABLE_2026 =
  'DEMO — giá minh họa theo cấu trúc Bảng giá đất tỉnh Lâm Đồng áp dụng từ 01/01/2026 (Luật Đất đai số 31/2024/QH15, Điều 159; Quyết định của UBND tỉnh Lâm Đồng, số hiệu chưa kiểm chứng)';

/**
 * Demo land prices per commune and purpose (đồng/m²), an average of the table's street positions.
 * Orders of magnitude follow the real tables: tens of millions for urban residential land in the
 * centre of Đà Lạt, a few hundred thousand for perennial crops.
 */
const LAND_PRICES: { communeCode: string; prices2020: Record<string, number>; prices2026: Record<string, number> }[] = [
  { communeCode: '24781', prices2020: { ODT: 24_000_000, TMD: 16_800_000, CLN: 400_000, BHK: 350_000 }, prices2026: { ODT: 30_000_000, TMD: 21_000_000, CLN: 520_000, BHK: 450_000 } },
  { communeCode: '24772', prices2020: { ODT: 18_000_000, TMD: 12_600_000, CLN: 380_000, BHK: 330_000 }, prices2026: { ODT: 22_000_000, TMD: 15_400_000, CLN: 480_000, BHK: 420_000 } },
  { communeCode: '24790', prices2020: { ODT: 9_500_000, TMD: 6_650_000, CLN: 320_000, BHK: 280_000 }, prices2026: { ODT: 12_000_000, TMD: 8_400_000, CLN: 400_000, BHK: 350_000 } },
  { communeCode: '24820', prices2020: { ODT: 12_000_000, TMD: 8_400_000, CLN: 230_000, BHK: 200_000 }, prices2026: { ODT: 15_000_000, TMD: 10_500_000, CLN: 280_000, BHK: 240_000 } },
  { communeCode: '24985', prices2020: { ONT: 3_500_000, ODT: 5_000_000, CLN: 150_000, BHK: 135_000, LUC: 120_000 }, prices2026: { ONT: 4_500_000, ODT: 6_500_000, CLN: 180_000, BHK: 165_000, LUC: 145_000 } },
];

/** Demo organisations; their codes are computed with the check digit from these nine digits. */
const ORGANISATIONS = [
  { nine: '580012347', name: 'Công ty TNHH Rau hoa Langbiang', address: '25 Đường Phù Đổng Thiên Vương, Phường Lâm Viên - Đà Lạt, tỉnh Lâm Đồng', rep: 'Nguyễn Thị Thanh Hoa', lines: ['0118 Trồng rau, đậu các loại và trồng hoa', '4620 Bán buôn nông, lâm sản nguyên liệu'] },
  { nine: '580034561', name: 'Công ty Cổ phần Du lịch Đà Lạt Xanh', address: '12 Đường Trần Quốc Toản, Phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng', rep: 'Trần Minh Khôi', lines: ['5510 Dịch vụ lưu trú ngắn ngày', '7911 Đại lý du lịch'] },
  { nine: '580056782', name: 'Công ty TNHH Cà phê Cầu Đất', address: 'Thôn Trường Sơn, Phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng', rep: 'Lê Văn Đạt', lines: ['0126 Trồng cây cà phê', '1077 Sản xuất cà phê'] },
  { nine: '580078903', name: 'Công ty Cổ phần Chè Bảo Lộc', address: '86 Đường Lê Hồng Phong, Phường 1 Bảo Lộc, tỉnh Lâm Đồng', rep: 'Phạm Quốc Bảo', lines: ['0127 Trồng cây chè', '1076 Sản xuất chè'] },
  { nine: '580091124', name: 'Hợp tác xã Nông nghiệp Hiệp Thạnh', address: 'Thôn Phi Nôm, Xã Đức Trọng, tỉnh Lâm Đồng', rep: 'K’ Brông', lines: ['0113 Trồng cây lấy củ có chất bột', '0161 Hoạt động dịch vụ trồng trọt'] },
];

const INDIVIDUALS = [
  { ...DEMO_CITIZENS[0], address: '14 Đường Hai Bà Trưng, Phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng' },
  { ...DEMO_CITIZENS[1], address: '3 Đường Nguyễn Công Trứ, Phường 1 Bảo Lộc, tỉnh Lâm Đồng' },
  { fullName: 'Hoàng Văn Hải', identityNumber: '068088003412', address: '57 Đường Hoàng Văn Thụ, Phường Cam Ly - Đà Lạt, tỉnh Lâm Đồng', username: null },
  { fullName: 'Võ Thị Ngọc Trâm', identityNumber: '068195006721', address: 'Thôn Bồng Lai, Xã Đức Trọng, tỉnh Lâm Đồng', username: null },
];

/** Demo facts the tests and the README rely on. */
export const TAX_DEMO = {
  agencyCode: TAX_AGENCY_CODE,
  /** An organisation with an account (`org.langbiang`) whose identity number is its tax code. */
  organisation: { taxCode: taxCodeFrom(ORGANISATIONS[0].nine), name: ORGANISATIONS[0].name, username: 'org.langbiang' },
  /** An organisation with a branch. */
  parent: { taxCode: taxCodeFrom(ORGANISATIONS[1].nine), branchTaxCode: `${taxCodeFrom(ORGANISATIONS[1].nine)}-001` },
  /** An individual registered under the CCCD of the demo citizen `citizen.an`. */
  individual: { taxCode: DEMO_CITIZENS[0].identityNumber, username: DEMO_CITIZENS[0].username },
  /** The central ward's residential land price in the 2026 demo table. */
  landPrice: { communeCode: '24781', purposeCode: 'ODT', pricePerM2Vnd: 30_000_000, validFrom: '2026-01-01' },
} as const;

/** The first day of the month `back` months before `date`'s month. */
function monthStart(date: string, back: number): string {
  const d = new Date(`${date.slice(0, 7)}-01T00:00:00Z`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - back, 1)).toISOString().slice(0, 10);
}

function monthEnd(start: string): string {
  const d = new Date(`${start}T00:00:00Z`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
}

async function seedLandPrices(em: EntityManager): Promise<void> {
  for (const c of LAND_PRICES) {
    for (const [purposeCode, pricePerM2Vnd] of Object.entries(c.prices2020)) {
      em.create(TaxLandPrice, { communeCode: c.communeCode, purposeCode, pricePerM2Vnd, validFrom: '2020-01-01', validTo: '2025-12-31', legalBasis: PRICE_TABLE_2020, demo: true });
    }
    for (const [purposeCode, pricePerM2Vnd] of Object.entries(c.prices2026)) {
      em.create(TaxLandPrice, { communeCode: c.communeCode, purposeCode, pricePerM2Vnd, validFrom: '2026-01-01', legalBasis: PRICE_TABLE_2026, demo: true });
    }
  }
}

/**
 * Demo staff of the provincial tax office, the land price table, taxpayers (organisations,
 * branches, individuals), declarations in every status and a few notices with their payments.
 * Runs once on an empty database; deterministic given `random` and `now`.
 */
export async function seedTax({ em, random, now }: SeedContext): Promise<void> {
  await createDemoAccounts(em, [
    ...agencyDesk('tax', TAX_AGENCY_CODE, ['Bùi Thị Ngọc Lan', 'Phan Văn Đức', 'Trịnh Công Sơn Hải', 'Đinh Thị Hồng Nhung']),
    { username: TAX_DEMO.organisation.username, fullName: ORGANISATIONS[0].name, role: Role.CITIZEN, identityNumber: TAX_DEMO.organisation.taxCode, email: 'ketoan@raulangbiang.example.vn' },
  ]);
  if (await em.count(Taxpayer, {})) return;
  const agency = await em.findOneOrFail(Agency, { code: TAX_AGENCY_CODE });
  const today = vietnamLocalDate(now);
  const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
  const amount = (min: number, max: number) => Math.round((min + random() * (max - min)) / 1000) * 1000;
  await seedLandPrices(em);

  const orgs = ORGANISATIONS.map((o, i) =>
    em.create(Taxpayer, { kind: TaxpayerKind.ORGANIZATION, taxCode: taxCodeFrom(o.nine), name: o.name, address: o.address, legalRepresentative: o.rep, businessLines: o.lines, agency, registeredAt: daysAgo(2000 - i * 250) }),
  );
  orgs[0].account = await em.findOne(Account, { username: TAX_DEMO.organisation.username });
  // Parents first: a branch row must name its parent when it is inserted (tax_taxpayer_parent_check).
  await em.flush();
  const branches = [
    em.create(Taxpayer, { kind: TaxpayerKind.BRANCH, taxCode: TAX_DEMO.parent.branchTaxCode, parent: orgs[1], name: 'Chi nhánh Công ty Cổ phần Du lịch Đà Lạt Xanh tại Bảo Lộc', address: '41 Đường Trần Phú, Phường 1 Bảo Lộc, tỉnh Lâm Đồng', legalRepresentative: 'Đặng Thị Mai', businessLines: ['5510 Dịch vụ lưu trú ngắn ngày'], agency, registeredAt: daysAgo(900) }),
    em.create(Taxpayer, { kind: TaxpayerKind.BRANCH, taxCode: `${orgs[3].taxCode}-001`, parent: orgs[3], name: 'Chi nhánh Công ty Cổ phần Chè Bảo Lộc tại Đà Lạt', address: '9 Đường Nguyễn Văn Cừ, Phường Lâm Viên - Đà Lạt, tỉnh Lâm Đồng', legalRepresentative: 'Phạm Thị Thu', businessLines: ['4632 Bán buôn thực phẩm'], agency, registeredAt: daysAgo(700) }),
  ];
  const people = [];
  for (const [i, p] of INDIVIDUALS.entries()) {
    const account = p.username ? await em.findOne(Account, { username: p.username }) : null;
    people.push(em.create(Taxpayer, { kind: TaxpayerKind.INDIVIDUAL, taxCode: p.identityNumber, name: p.fullName, address: p.address, agency, registeredAt: daysAgo(400 - i * 60), account }));
  }

  // Monthly VAT of the organisations and branches over the last four months, in every status.
  const statuses = [DeclarationStatus.ACCEPTED, DeclarationStatus.ACCEPTED, DeclarationStatus.REJECTED, DeclarationStatus.FILED];
  for (const [i, t] of [...orgs, ...branches].entries()) {
    for (let back = 4; back >= 1; back--) {
      const periodStart = monthStart(today, back);
      const status = back === 1 ? DeclarationStatus.FILED : statuses[(i + back) % 3];
      const taxable = amount(200_000_000, 3_000_000_000);
      const filedAt = new Date(`${monthEnd(periodStart)}T03:00:00Z`);
      filedAt.setUTCDate(filedAt.getUTCDate() + 15);
      em.create(TaxDeclaration, {
        taxpayer: t,
        formCode: '01/GTGT',
        periodKind: PeriodKind.MONTH,
        periodStart,
        periodEnd: monthEnd(periodStart),
        taxableAmountVnd: taxable,
        taxAmountVnd: Math.round(taxable / 10 / 1000) * 1000,
        status,
        reason: status === DeclarationStatus.REJECTED ? 'Chỉ tiêu [25] thuế GTGT đầu vào không khớp bảng kê hóa đơn; đề nghị khai bổ sung' : null,
        filedAt,
        filedByName: t.legalRepresentative ?? t.name,
        decidedAt: status === DeclarationStatus.FILED ? null : new Date(filedAt.getTime() + 3 * 86_400_000),
        decidedByName: status === DeclarationStatus.FILED ? null : 'Phan Văn Đức',
      });
      // A rejected declaration does not count: the taxpayer files the period again. An accepted one
      // is corrected by a supplementary declaration.
      const again = status === DeclarationStatus.REJECTED || (status === DeclarationStatus.ACCEPTED && i === 0);
      if (again) {
        em.create(TaxDeclaration, {
          taxpayer: t, formCode: '01/GTGT', periodKind: PeriodKind.MONTH, periodStart, periodEnd: monthEnd(periodStart),
          taxableAmountVnd: taxable, taxAmountVnd: Math.round(taxable / 10 / 1000) * 1000 + 1_500_000,
          supplementary: status === DeclarationStatus.ACCEPTED,
          filedAt: new Date(filedAt.getTime() + 6 * 86_400_000), filedByName: t.legalRepresentative ?? t.name,
        });
      }
    }
  }

  // Two individuals declared land transfers directly with tax: one notice paid at the counter, one still due.
  const transfers = [
    { seller: people[1], buyer: INDIVIDUALS[3], communeCode: '24820', purposeCode: 'ODT', areaM2: 96.5, declared: 1_250_000_000, issuedDaysAgo: 40, paid: true },
    { seller: people[2], buyer: INDIVIDUALS[0], communeCode: '24790', purposeCode: 'ODT', areaM2: 150, declared: 1_500_000_000, issuedDaysAgo: 6, paid: false },
  ];
  for (const tr of transfers) {
    const issuedAt = daysAgo(tr.issuedDaysAgo);
    const date = vietnamLocalDate(issuedAt);
    const table = LAND_PRICES.find((l) => l.communeCode === tr.communeCode)!;
    const price = (date >= '2026-01-01' ? table.prices2026 : table.prices2020)[tr.purposeCode];
    const official = parcelValue(tr.areaM2, price);
    const declaration = em.create(TaxDeclaration, {
      taxpayer: tr.seller, formCode: '03/BĐS-TNCN', periodKind: PeriodKind.EVENT, periodStart: date, periodEnd: date,
      taxableAmountVnd: Math.max(official, tr.declared), taxAmountVnd: applyRate(Math.max(official, tr.declared), 20_000),
      status: DeclarationStatus.ACCEPTED, filedAt: daysAgo(tr.issuedDaysAgo + 2), filedByName: tr.seller.name, decidedAt: issuedAt, decidedByName: 'Phan Văn Đức',
    });
    const base = Math.max(official, tr.declared);
    const lines = [
      { kind: ObligationKind.PIT_REAL_ESTATE_TRANSFER, payerName: tr.seller.name, payerIdNumber: tr.seller.taxCode, taxpayer: tr.seller, ppm: 20_000 },
      { kind: ObligationKind.REGISTRATION_FEE_LAND, payerName: tr.buyer.fullName, payerIdNumber: tr.buyer.identityNumber, taxpayer: people.find((p) => p.taxCode === tr.buyer.identityNumber) ?? null, ppm: 5_000 },
    ];
    const year = Number(date.slice(0, 4));
    const term = paymentTermFor(lines.map((l) => l.kind));
    const dueAt = new Date(issuedAt.getTime() + term.amount * 86_400_000);
    const total = lines.reduce((s, l) => s + applyRate(base, l.ppm), 0);
    const notice = em.create(TaxNotice, {
      agency, year, number: await nextCounter(em, agency.id, year, 'NOTICE'), notation: TAX_NOTICE_NOTATIONS[TAX_AGENCY_CODE],
      payerName: tr.seller.name, amountVnd: total, issuedAt, issuedByName: 'Phan Văn Đức', dueAt, dueLegalBasis: term.legalBasis,
      status: tr.paid ? NoticeStatus.PAID : NoticeStatus.NOTIFIED, paidAt: tr.paid ? daysAgo(tr.issuedDaysAgo - 10) : null,
    });
    for (const l of lines) {
      em.create(TaxObligation, {
        declaration, taxpayer: l.taxpayer, payerName: l.payerName, payerIdNumber: l.payerIdNumber, kind: l.kind,
        baseAmountVnd: base, rate: rateDecimal(l.ppm), amountVnd: applyRate(base, l.ppm),
        legalBasis: RATE_RULES.find((r) => r.kind === l.kind)!.legalBasis,
        details: { officialValueVnd: official, declaredPriceVnd: tr.declared, parcels: [{ communeCode: tr.communeCode, purposeCode: tr.purposeCode, areaM2: tr.areaM2, pricePerM2Vnd: price }] },
        status: tr.paid ? ObligationStatus.PAID : ObligationStatus.NOTIFIED, notice, dueAt, assessedAt: issuedAt, assessedByName: 'Phan Văn Đức',
      });
    }
    if (tr.paid) em.create(TaxPayment, { notice, amountVnd: total, paidAt: daysAgo(tr.issuedDaysAgo - 10), method: PaymentMethod.COUNTER, reference: `BL-${String(Math.floor(random() * 1e7)).padStart(7, '0')}`, recordedByName: 'Bùi Thị Ngọc Lan' });
  }
  await em.flush();
}

/**
 * Demo dossiers of the tax procedures, walked through the real workflow with a moving clock:
 * registrations approved (their taxpayers created by the module's hook) and in progress, a change
 * of registration waiting for approval, and a land transfer declared with tax whose notice waits
 * for payment (national status 6).
 */
export async function seedTaxDossiers(ctx: DossierSeedContext): Promise<void> {
  const { em, now, calendar } = ctx;
  let at = calendar.nextWorkingMoment(new Date(now.getTime() - 12 * 86_400_000));
  const step = () => (at = calendar.addWorkingMinutes(at, 90));
  const service = ctx.dossierService(() => at);
  const [reception, specialist, leader] = await Promise.all(['tax.reception', 'tax.specialist', 'tax.leader'].map((u) => ctx.principal(u)));
  const ok = <T>(r: T | ErrorResult, what: string): T => {
    if (r instanceof ErrorResult) throw new Error(`Tax demo seed: ${what}: ${r.message}`);
    return r;
  };
  const walk = async (procedureCode: string, applicant: ReceiveDossierInput['applicant'], formData: Record<string, unknown>, actions: string[]) => {
    const { dossierId } = ok(await service.receive(em.fork(), reception, { procedureCode, channel: Channel.COUNTER, applicant, formData, files: [] } as ReceiveDossierInput), `receive ${procedureCode}`);
    let version = 1;
    for (const action of actions) {
      step();
      const actor = action === 'approve' || action === 'assign' ? leader : action === 'returnResult' || action === 'pay' ? reception : specialist;
      ok(await service.perform(em.fork(), actor, { dossierId, action, expectedVersion: version, assigneeId: action === 'assign' ? specialist.accountId! : null } as PerformDossierActionInput), `${action} ${procedureCode}`);
      version++;
    }
    return { dossierId, version };
  };

  const founder = { kind: ApplicantKind.PERSON, name: 'Huỳnh Thị Kim Yến', idNumber: '068186005533', phone: '0987111222', address: '18 Đường Bùi Thị Xuân, Phường Xuân Hương - Đà Lạt' };
  await walk(REGISTRATION_ORGANISATION, founder, { name: 'Công ty TNHH Mứt Đà Lạt Kim Yến', address: '18 Đường Bùi Thị Xuân, Phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng', legalRepresentative: founder.name, businessLines: ['1030 Chế biến và bảo quản rau quả'] }, ['assign', 'submitForApproval', 'approve', 'returnResult']);
  step();
  await walk(REGISTRATION_ORGANISATION, { kind: ApplicantKind.ORGANIZATION, name: ORGANISATIONS[3].name, idNumber: taxCodeFrom(ORGANISATIONS[3].nine), phone: '02633864123' }, { name: 'Chi nhánh Công ty Cổ phần Chè Bảo Lộc tại Đức Trọng', address: 'Quốc lộ 20, Xã Đức Trọng, tỉnh Lâm Đồng', legalRepresentative: 'Phạm Văn Lộc', parentTaxCode: taxCodeFrom(ORGANISATIONS[3].nine), businessLines: ['4632 Bán buôn thực phẩm'] }, ['assign']);
  step();
  const cuong = DEMO_CITIZENS[2];
  await walk(REGISTRATION_INDIVIDUAL, { kind: ApplicantKind.PERSON, name: cuong.fullName, idNumber: cuong.identityNumber, email: cuong.email }, { address: '22 Đường Nguyễn Văn Trỗi, Phường Cam Ly - Đà Lạt, tỉnh Lâm Đồng' }, ['assign', 'submitForApproval', 'approve']);
  step();
  await walk(REGISTRATION_CHANGE, { kind: ApplicantKind.ORGANIZATION, name: ORGANISATIONS[2].name, idNumber: taxCodeFrom(ORGANISATIONS[2].nine), phone: '02633500600' }, { taxCode: taxCodeFrom(ORGANISATIONS[2].nine), changes: { legalRepresentative: 'Lê Thị Thu Hà' } }, ['assign', 'submitForApproval']);
  step();

  // A transfer in Phường Lâm Viên declared directly with tax: assessed, notified, waiting for payment.
  const seller = INDIVIDUALS[2];
  const buyer = DEMO_CITIZENS[3];
  const sheet = {
    certificateSerial: 'DB 204517',
    parcels: [{ communeCode: '24772', communeName: 'Phường Lâm Viên - Đà Lạt', mapSheet: 21, parcelNumber: 118, areaM2: 85.4, purposeCode: 'ODT', useTerm: 'Lâu dài', address: '7/3 Đường Phan Chu Trinh, Phường Lâm Viên - Đà Lạt' }],
    transferors: [{ kind: 'PERSON', name: seller.fullName, idNumber: seller.identityNumber }],
    transferees: [{ kind: 'PERSON', name: buyer.fullName, idNumber: buyer.identityNumber, address: '40 Đường Hùng Vương, Phường Xuân Hương - Đà Lạt' }],
    declaredPriceVnd: 1_650_000_000,
    relationship: 'NONE',
  };
  let { dossierId, version } = await walk(LAND_TRANSFER_DECLARATION, { kind: ApplicantKind.PERSON, name: seller.fullName, idNumber: seller.identityNumber, phone: '0935222333' }, sheet, ['assign']);
  step();
  ok(await service.updateDossier(em.fork(), specialist, { dossierId, expectedVersion: version, action: 'assessTaxObligations', holdingRoles: [Role.SPECIALIST] }, (tx, d) =>
    storeLandTransferAssessment(tx, d, { correctedDeclaredPriceVnd: null, correctionNote: null, actorName: specialist.fullName, now: at })), 'assess');
  step();
  ok(await service.updateDossier(em.fork(), specialist, { dossierId, expectedVersion: ++version, action: 'issueTaxNotice', holdingRoles: [Role.SPECIALIST] }, (tx, d) =>
    issueNoticeForDossier(tx, d, { actorName: specialist.fullName, now: at, calendar })), 'issue notice');
  step();
  ok(await service.perform(em.fork(), specialist, { dossierId, action: 'requestPayment', expectedVersion: ++version } as PerformDossierActionInput), 'request payment');
}
