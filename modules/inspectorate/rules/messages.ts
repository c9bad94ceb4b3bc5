/**
 * What the petitioner is told at each step (DOMAIN §1: "at every step the applicant is told at
 * once"), as message texts. A message goes only to the petitioner's own phone, names nobody (not
 * the petitioner, not the inspectors), and carries only what the petitioner may know: the code,
 * the step, the time limit now running, the body handling it or the body it was forwarded to, and the reasons addressed to
 * them (refusal, withdrawal). Internal steps (assigning inspectors, an inspector's note) send
 * nothing.
 */
import type { PetitionStatus } from '../entities/petition.entity';

/** The facts a message may carry. */
export interface PetitionMessageFacts {
  code: string;
  /** 'Khiếu nại', 'Khiếu nại lần hai', 'Tố cáo' … */
  label: string;
  statusLabel: string;
  toStatus: PetitionStatus;
  /** The time limit now running, as a local date 'DD/MM/YYYY', if any. */
  dueOn: string | null;
  /** The body sending the message (the petition's agency). */
  agencyName: string;
  /** The competent body it was forwarded to, if it was. */
  forwardedTo: string | null;
  /** Text written for the petitioner (refusal reasons), already checked not to repeat an identity. */
  reasons: string | null;
  decisionNumber: string | null;
}

const MAX = 480;
const clip = (s: string) => (s.length > MAX ? `${s.slice(0, MAX - 1)}…` : s);

/**
 * The text for a step, or null when the step is internal. Keys are the steps of
 * `PETITION_ACTIONS` and the receipts (`receive`, `fileSecondComplaint`).
 */
export function petitionMessage(action: string, f: PetitionMessageFacts): string | null {
  const head = `${f.agencyName}: đơn ${f.label.toLowerCase()} số ${f.code}`;
  const due = f.dueOn ? ` Thời hạn: ${f.dueOn}.` : '';
  switch (action) {
    case 'receive':
    case 'fileSecondComplaint':
      return clip(`${head} đã được tiếp nhận.${due} Tra cứu bằng mã số và mã bí mật trên phiếu tiếp nhận.`);
    case 'checkEligibility':
    case 'startVerification':
      return clip(`${head}: ${f.statusLabel.toLowerCase()}.${due}`);
    case 'extendEligibilityCheck':
      return clip(`${head}: gia hạn xem xét điều kiện thụ lý do phải kiểm tra, xác minh tại nhiều địa điểm.${due}`);
    case 'accept':
      return clip(`${head} đã được thụ lý giải quyết.${due}`);
    case 'refuse':
      return clip(`${head} không được thụ lý. Lý do: ${f.reasons ?? ''}`);
    case 'transfer':
      return clip(`${head} đã được chuyển đến ${f.forwardedTo ?? 'cơ quan có thẩm quyền'} để giải quyết theo thẩm quyền.`);
    case 'recordFilingObstacle':
      return clip(`${head}: thời gian có trở ngại khách quan đã được ghi nhận, không tính vào thời hiệu khiếu nại.`);
    case 'extendDeadline':
      return clip(`${head}: thời hạn giải quyết được gia hạn.${due}`);
    case 'conclude':
      return clip(`${head}: đã có kết luận. Cơ quan giải quyết sẽ gửi văn bản kết luận/thông báo kết quả.`);
    case 'decide':
      return clip(`${head}: đã ban hành quyết định giải quyết số ${f.decisionNumber ?? ''}.`);
    case 'withdraw':
      return clip(`${head}: đã ghi nhận việc rút đơn; đơn được đình chỉ giải quyết.`);
    default:
      return null;
  }
}
