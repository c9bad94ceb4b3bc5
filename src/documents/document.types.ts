import { Role } from '../auth/roles';

/** Where an outgoing document stands at its issuing body. */
export enum DocumentStatus {
  DRAFT = 'DRAFT',
  APPROVED = 'APPROVED',
  SIGNED = 'SIGNED',
  ISSUED = 'ISSUED',
  /** Withdrawn by the sender after issue (thu hồi). */
  RECALLED = 'RECALLED',
  /** Superseded by a replacement document (thay thế). */
  REPLACED = 'REPLACED',
}

/** A recipient's status on the national document axis (QCVN 102:2016): inbox, acceptance, rejection, processing, done, fail. */
export enum RecipientStatus {
  INBOX = 'INBOX',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
  PROCESSING = 'PROCESSING',
  DONE = 'DONE',
  FAIL = 'FAIL',
}

/** Độ khẩn (Decree 30/2020). */
export enum Urgency {
  NORMAL = 'NORMAL',
  KHAN = 'KHAN',
  THUONG_KHAN = 'THUONG_KHAN',
  HOA_TOC = 'HOA_TOC',
}

/** Độ mật. Secret documents are numbered in their own series and seen by named handlers only. */
export enum Secrecy {
  NONE = 'NONE',
  MAT = 'MAT',
  TOI_MAT = 'TOI_MAT',
  TUYET_MAT = 'TUYET_MAT',
}

/**
 * Kinds of administrative documents (Decree 30/2020, Appendix III) with the abbreviation used
 * in the symbol. A công văn carries no kind abbreviation: its symbol is the issuer's (and unit's).
 */
export const DOCUMENT_TYPES: Record<string, string> = {
  NQ: 'Nghị quyết',
  QĐ: 'Quyết định',
  CT: 'Chỉ thị',
  QC: 'Quy chế',
  QyĐ: 'Quy định',
  TB: 'Thông báo',
  HD: 'Hướng dẫn',
  CTr: 'Chương trình',
  KH: 'Kế hoạch',
  PA: 'Phương án',
  BC: 'Báo cáo',
  BB: 'Biên bản',
  TTr: 'Tờ trình',
  CV: 'Công văn',
  GM: 'Giấy mời',
  GUQ: 'Giấy ủy quyền',
  GGT: 'Giấy giới thiệu',
};

/** Lower case without diacritics (đ → d), for search: "quyet dinh" finds "Quyết định". */
export function foldVietnamese(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

/**
 * Who, besides its named handlers, reads a secret document: while it awaits the issuing body's
 * approval or signature, the officers who may approve or sign it there (its leaders; Decree
 * 30/2020/NĐ-CP art. 13 and 14: the head of the body, or a deputy he authorises, approves and signs
 * (unverified article numbers)). A drafter who names no leader does not lock the draft away; no one
 * else gains access, and once signed only the named handlers read it (the approver and the signer
 * are named when they act). One definition for `DocumentService.mayRead` and its SQL twin
 * `readableSql`, and the roles the approve and sign steps require.
 */
export const SECRET_SIGNOFF = {
  statuses: [DocumentStatus.DRAFT, DocumentStatus.APPROVED] as readonly DocumentStatus[],
  roles: [Role.LEADER] as readonly Role[],
};
