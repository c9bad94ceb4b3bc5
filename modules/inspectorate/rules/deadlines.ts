/**
 * Time limits of petitions, as data with their legal basis, and the arithmetic on them (pure:
 * the kernel's {@link WorkingCalendar} does the counting).
 *
 * Calendar or working days: Vietnamese law says "ngày làm việc" where it means working days and
 * "ngày" where it means calendar days; the Law on Denunciations uses both within two articles
 * (art. 24 and 29: working days; art. 30: days), so the difference is deliberate and each limit
 * below keeps the unit its text uses. A calendar-day limit that ends on a day off ends with the
 * next working day (Civil Code 91/2015/QH13, art. 148), which is what the kernel calendar does.
 *
 * `verified` says whether the article's wording was checked against a published copy of the text
 * when this was written; unverified entries follow the texts as remembered and the national
 * procedure records, and must be checked against the official gazette before production use.
 */
import { DurationUnit, ProcessingTime, WorkingCalendar } from '../../../src/kernel';
import { CaseComplexity, PetitionClassification, PetitionStatus } from '../entities/petition.entity';

const COMPLAINTS_LAW = 'Luật Khiếu nại số 02/2011/QH13';
const DENUNCIATIONS_LAW = 'Luật Tố cáo số 25/2018/QH14';
const CITIZEN_RECEPTION_LAW = 'Luật Tiếp công dân số 42/2013/QH13';
const CIRCULAR_05_2021 = 'Thông tư số 05/2021/TT-TTCP';

/** A time limit and where it comes from. */
interface TimeLimit extends ProcessingTime {
  basis: string;
  verified: boolean;
}

/** How far the head may extend a case of a given complexity. */
interface ExtensionAllowance {
  /** Extensions allowed in all (absent: as many as fit in `maxTotalDays`). */
  maxTimes?: number;
  /** Calendar days per extension. */
  maxDaysEach?: number;
  /** The whole time limit from acceptance, extensions included, in calendar days. */
  maxTotalDays?: number;
  /** `maxTotalDays` in remote areas (vùng sâu, vùng xa). */
  remoteMaxTotalDays?: number;
}

export interface PetitionRule {
  classification: PetitionClassification;
  /** Vietnamese name. */
  label: string;
  /** From receipt to the decision to accept (thụ lý), transfer or refuse. */
  acceptance: TimeLimit;
  /** The acceptance period when checks are needed in several places (from receipt); absent: no such extension. */
  acceptanceExtended?: TimeLimit;
  /** From receipt to forwarding a petition outside the agency's competence; absent: no statutory limit. */
  forwardWithin?: TimeLimit;
  /** From acceptance to resolution; `remoteAmount` in remote areas. */
  resolution: TimeLimit & { remoteAmount?: number };
  /** Extensions by complexity; a complexity not listed cannot be extended. */
  extensions: Partial<Record<CaseComplexity, ExtensionAllowance>>;
  extensionBasis: string | null;
  /** The status whose reaching resolves the petition (compared with the time limit). */
  resolvedBy: PetitionStatus.CONCLUDED | PetitionStatus.DECIDED;
  /** The petitioner's identity is secret by law: only the assigned inspectors and the head read it. */
  identityConfidential: boolean;
}

export const PETITION_RULES: Record<PetitionClassification, PetitionRule> = {
  [PetitionClassification.COMPLAINT]: {
    classification: PetitionClassification.COMPLAINT,
    label: 'Khiếu nại',
    // Art. 27: "Trong thời hạn 10 ngày, kể từ ngày nhận được khiếu nại thuộc thẩm quyền giải quyết
    // của mình, người có thẩm quyền giải quyết khiếu nại lần đầu phải thụ lý giải quyết": 10 *days*,
    // i.e. calendar days. The law writes "ngày làm việc" where it means working days (the Law on
    // Denunciations, art. 24, beside it); Decree 124/2020/NĐ-CP (art. 11, thụ lý) adds no other unit.
    // The national procedure record (TTHC 2.002186) and Circular 05/2021's 10 *working* days are about
    // processing a letter (xử lý đơn), not about the acceptance the Law times; a record cannot change
    // the Law's unit. (Unverified against the official gazette: wording as recalled.)
    acceptance: { amount: 10, unit: DurationUnit.CALENDAR_DAYS, basis: `${COMPLAINTS_LAW}, Điều 27`, verified: false },
    // Art. 28: first instance within 30 days of acceptance, up to 45 if complex; in remote areas
    // 45 days, up to 60 if complex.
    resolution: { amount: 30, remoteAmount: 45, unit: DurationUnit.CALENDAR_DAYS, basis: `${COMPLAINTS_LAW}, Điều 28`, verified: true },
    extensions: { [CaseComplexity.COMPLEX]: { maxTotalDays: 45, remoteMaxTotalDays: 60 } },
    extensionBasis: `${COMPLAINTS_LAW}, Điều 28 (vụ việc phức tạp: không quá 45 ngày, vùng sâu vùng xa không quá 60 ngày kể từ ngày thụ lý)`,
    // The first-instance complaint decision (quyết định giải quyết khiếu nại, art. 31) resolves it.
    resolvedBy: PetitionStatus.DECIDED,
    // Complaints are not secret by law; their identity is still protected and logged here.
    identityConfidential: false,
  },
  [PetitionClassification.DENUNCIATION]: {
    classification: PetitionClassification.DENUNCIATION,
    label: 'Tố cáo',
    // Art. 24(1): within 07 working days of receipt, record, classify and check the denouncer and the
    // conditions of acceptance (up to 10 working days when checks are needed in several places).
    acceptance: { amount: 7, unit: DurationUnit.WORKING_DAYS, basis: `${DENUNCIATIONS_LAW}, Điều 24 khoản 1`, verified: false },
    // Art. 24(1), same sentence: "trường hợp phải kiểm tra, xác minh tại nhiều địa điểm thì thời hạn
    // này có thể dài hơn nhưng không quá 10 ngày làm việc" (unverified: wording as recalled).
    acceptanceExtended: { amount: 10, unit: DurationUnit.WORKING_DAYS, basis: `${DENUNCIATIONS_LAW}, Điều 24 khoản 1 (kiểm tra, xác minh tại nhiều địa điểm)`, verified: false },
    // Art. 24: a denunciation outside the receiver's competence is forwarded to the competent body
    // within 05 working days of receipt, and the denouncer is informed (unverified: the clause
    // number and whether the notice is on request only; we always inform a denouncer we can reach).
    forwardWithin: { amount: 5, unit: DurationUnit.WORKING_DAYS, basis: `${DENUNCIATIONS_LAW}, Điều 24 (chuyển đơn không thuộc thẩm quyền)`, verified: false },
    // Art. 30(1): no more than 30 days from acceptance.
    resolution: { amount: 30, unit: DurationUnit.CALENDAR_DAYS, basis: `${DENUNCIATIONS_LAW}, Điều 30 khoản 1`, verified: true },
    // Art. 30(2)–(3): complex: extended once by at most 30 days; especially complex: twice, each at most 30 days.
    extensions: {
      [CaseComplexity.COMPLEX]: { maxTimes: 1, maxDaysEach: 30 },
      [CaseComplexity.ESPECIALLY_COMPLEX]: { maxTimes: 2, maxDaysEach: 30 },
    },
    extensionBasis: `${DENUNCIATIONS_LAW}, Điều 30 khoản 2, 3, 4`,
    // The conclusion on the denunciation's content (kết luận nội dung tố cáo, art. 35) resolves it.
    resolvedBy: PetitionStatus.CONCLUDED,
    // Art. 8 and 9: the denouncer's name, address, handwriting and other personal data are kept secret.
    identityConfidential: true,
  },
  [PetitionClassification.RECOMMENDATION]: {
    classification: PetitionClassification.RECOMMENDATION,
    label: 'Kiến nghị',
    // Processing a petition (xử lý đơn) within 10 working days of receipt.
    acceptance: { amount: 10, unit: DurationUnit.WORKING_DAYS, basis: `${CIRCULAR_05_2021}; ${CITIZEN_RECEPTION_LAW}, Điều 28`, verified: false },
    // No general statutory limit was found for answering a recommendation: a provincial working rule, to be confirmed.
    resolution: { amount: 30, unit: DurationUnit.CALENDAR_DAYS, basis: 'Quy chế làm việc của Thanh tra tỉnh (không có thời hạn luật định chung; cần xác minh)', verified: false },
    extensions: {},
    extensionBasis: null,
    resolvedBy: PetitionStatus.CONCLUDED,
    identityConfidential: false,
  },
  [PetitionClassification.REFLECTION]: {
    classification: PetitionClassification.REFLECTION,
    label: 'Phản ánh',
    acceptance: { amount: 10, unit: DurationUnit.WORKING_DAYS, basis: `${CIRCULAR_05_2021}; ${CITIZEN_RECEPTION_LAW}, Điều 28`, verified: false },
    resolution: { amount: 30, unit: DurationUnit.CALENDAR_DAYS, basis: 'Quy chế làm việc của Thanh tra tỉnh (không có thời hạn luật định chung; cần xác minh)', verified: false },
    extensions: {},
    extensionBasis: null,
    resolvedBy: PetitionStatus.CONCLUDED,
    identityConfidential: false,
  },
};

/**
 * The second complaint (khiếu nại lần hai) to the next level: a complaint of its own, with its own
 * periods. Law on Complaints art. 36 (acceptance: 10 days of receipt, the same wording as art. 27)
 * and art. 37 (resolution: no more than 45 days from acceptance, 60 if complex; in remote areas 60,
 * up to 70 if complex). (Unverified against the official gazette: wording as recalled.)
 */
export const SECOND_COMPLAINT_RULE: PetitionRule = {
  ...PETITION_RULES[PetitionClassification.COMPLAINT],
  label: 'Khiếu nại lần hai',
  acceptance: { amount: 10, unit: DurationUnit.CALENDAR_DAYS, basis: `${COMPLAINTS_LAW}, Điều 36`, verified: false },
  resolution: { amount: 45, remoteAmount: 60, unit: DurationUnit.CALENDAR_DAYS, basis: `${COMPLAINTS_LAW}, Điều 37`, verified: false },
  extensions: { [CaseComplexity.COMPLEX]: { maxTotalDays: 60, remoteMaxTotalDays: 70 } },
  extensionBasis: `${COMPLAINTS_LAW}, Điều 37 (vụ việc phức tạp: không quá 60 ngày, vùng sâu vùng xa không quá 70 ngày kể từ ngày thụ lý)`,
};

/** The rule a petition is handled under: its classification's, or the second complaint's (instance 2). */
export function ruleOf(p: { classification: PetitionClassification; instance: number }): PetitionRule {
  return p.instance === 2 ? SECOND_COMPLAINT_RULE : PETITION_RULES[p.classification];
}

/** Anonymous letters are recorded and not handled as denunciations (Law on Denunciations art. 25). */
export const ANONYMOUS_BASIS = `${DENUNCIATIONS_LAW}, Điều 25`;

/** By when acceptance, transfer or refusal must be decided; `extended`: checks in several places (if the rule allows). */
export function eligibilityDueAt(calendar: WorkingCalendar, rule: PetitionRule, receivedAt: Date, extended = false): Date {
  return calendar.dueDate(receivedAt, extended && rule.acceptanceExtended ? rule.acceptanceExtended : rule.acceptance);
}

/** By when a petition outside the agency's competence must be forwarded; null where no law sets it. */
export function forwardDueAt(calendar: WorkingCalendar, rule: PetitionRule, receivedAt: Date): Date | null {
  return rule.forwardWithin ? calendar.dueDate(receivedAt, rule.forwardWithin) : null;
}

/** The time limit from acceptance before any extension, in the rule's unit. */
export function baseResolutionAmount(rule: PetitionRule, remote: boolean): number {
  return remote && rule.resolution.remoteAmount ? rule.resolution.remoteAmount : rule.resolution.amount;
}

/**
 * The resolution time limit: the base limit plus the days of every extension, counted from
 * acceptance (so an extension adds to the legal end date, not to a date moved by a holiday).
 */
export function resolutionDueAt(calendar: WorkingCalendar, rule: PetitionRule, acceptedAt: Date, remote: boolean, extensionDays: number[] = []): Date {
  const amount = baseResolutionAmount(rule, remote) + extensionDays.reduce((a, b) => a + b, 0);
  return calendar.dueDate(acceptedAt, { amount, unit: rule.resolution.unit });
}

/** Why an extension is not allowed, in Vietnamese and English, with the article it breaks. */
export interface ExtensionRefusal {
  reason: string;
  legalBasis: string;
  /** The most days the head could still add for this complexity (0 when none). */
  maxDays: number;
}

/**
 * Checks an extension of `days` for a case the head now rates `complexity`, after the extensions
 * already granted; null when lawful.
 */
export function extensionRefusal(
  rule: PetitionRule,
  x: { remote: boolean; complexity: CaseComplexity; days: number; previousDays: number[] },
): ExtensionRefusal | null {
  const basis = rule.extensionBasis ?? rule.resolution.basis;
  const allowance = rule.extensions[x.complexity];
  if (!Object.keys(rule.extensions).length) {
    return { reason: `Đơn ${rule.label.toLowerCase()} không được gia hạn thời hạn giải quyết / Only complaints and denunciations can be extended`, legalBasis: basis, maxDays: 0 };
  }
  if (!allowance) {
    const which = x.complexity === CaseComplexity.NORMAL ? 'Vụ việc không phức tạp' : `Mức độ ${x.complexity} không áp dụng cho đơn ${rule.label.toLowerCase()}`;
    return { reason: `${which}: không được gia hạn / The law allows an extension only for complex cases of this kind`, legalBasis: basis, maxDays: 0 };
  }
  const left = remainingDays(rule, allowance, x.remote, x.previousDays);
  if (allowance.maxTimes !== undefined && x.previousDays.length >= allowance.maxTimes) {
    return { reason: `Đã gia hạn ${x.previousDays.length} lần, tối đa ${allowance.maxTimes} lần / Already extended ${x.previousDays.length} time(s), the most allowed is ${allowance.maxTimes}`, legalBasis: basis, maxDays: 0 };
  }
  if (!Number.isInteger(x.days) || x.days < 1 || x.days > left) {
    return { reason: `Mỗi lần gia hạn từ 1 đến ${left} ngày / An extension adds 1 to ${left} days here (asked ${x.days})`, legalBasis: basis, maxDays: left };
  }
  return null;
}

function remainingDays(rule: PetitionRule, a: ExtensionAllowance, remote: boolean, previousDays: number[]): number {
  let left = a.maxDaysEach ?? Number.POSITIVE_INFINITY;
  const total = remote ? (a.remoteMaxTotalDays ?? a.maxTotalDays) : a.maxTotalDays;
  if (total !== undefined) left = Math.min(left, total - baseResolutionAmount(rule, remote) - previousDays.reduce((s, d) => s + d, 0));
  return Math.max(0, left === Number.POSITIVE_INFINITY ? 0 : left);
}
