import { NATIONAL_STATUS_NAMES, NationalStatus } from '../dossiers/national-status';
import { NotificationChannel, NotificationKind, NotificationLanguage, StaffNotificationKind } from './notification.types';

/** What a message may say about a dossier: nothing the applicant does not already know. */
export interface MessageData {
  applicantName: string;
  code: string;
  procedureName: string;
  /** The agency holding the dossier at the event (it signs the e-mail). */
  agencyName: string;
  /** TRANSFERRED: the agency the dossier left; an agency, never an officer. */
  previousAgencyName: string | null;
  nationalStatus: NationalStatus;
  dueAt: Date | null;
  note: string | null;
}

export interface RenderedMessage {
  language: NotificationLanguage;
  subject: string | null;
  body: string;
}

type Template = { subject: (d: MessageData) => string; lead: (d: MessageData) => string };

const EN_STATUS: Record<NationalStatus, string> = {
  [NationalStatus.NEW]: 'Registered',
  [NationalStatus.RECEIVED]: 'Received',
  [NationalStatus.REFUSED]: 'Not accepted',
  [NationalStatus.PROCESSING]: 'Being processed',
  [NationalStatus.SUPPLEMENT_REQUESTED]: 'Documents requested',
  [NationalStatus.PAYMENT_REQUESTED]: 'Payment requested',
  [NationalStatus.WITHDRAWN]: 'Withdrawn',
  [NationalStatus.STOPPED]: 'Processing stopped',
  [NationalStatus.RESOLVED]: 'Result ready',
  [NationalStatus.RETURNED]: 'Result returned',
};

/** dd/MM/yyyy HH:mm in Vietnam's time, as on the receipt. */
function localDate(d: Date): string {
  const f = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
  const p = Object.fromEntries(f.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

// Module messages carry their own text; these templates are for dossier notifications.
const VI: Record<Exclude<NotificationKind, NotificationKind.MODULE_MESSAGE | StaffNotificationKind>, Template> = {
  [NotificationKind.RECEIVED]: {
    subject: (d) => `Hồ sơ ${d.code} đã được tiếp nhận`,
    lead: (d) => `${d.agencyName} đã tiếp nhận hồ sơ ${d.code}.${d.dueAt ? ` Ngày hẹn trả kết quả: ${localDate(d.dueAt)}.` : ''}`,
  },
  [NotificationKind.REFUSED]: {
    subject: (d) => `Hồ sơ ${d.code} không được tiếp nhận`,
    lead: (d) => `Hồ sơ ${d.code} không được tiếp nhận.${d.note ? ` Lý do: ${d.note}` : ''}`,
  },
  [NotificationKind.SUPPLEMENT_REQUESTED]: {
    subject: (d) => `Yêu cầu bổ sung hồ sơ ${d.code}`,
    lead: (d) => `Hồ sơ ${d.code} cần bổ sung giấy tờ.${d.note ? ` Nội dung: ${d.note}` : ''}`,
  },
  [NotificationKind.PAYMENT_REQUESTED]: {
    subject: (d) => `Yêu cầu thực hiện nghĩa vụ tài chính cho hồ sơ ${d.code}`,
    lead: (d) => `Hồ sơ ${d.code}: đề nghị ông/bà thực hiện nghĩa vụ tài chính (nộp phí, lệ phí) để tiếp tục giải quyết.`,
  },
  [NotificationKind.RESULT_READY]: {
    subject: (d) => `Hồ sơ ${d.code} đã có kết quả`,
    lead: (d) => `Hồ sơ ${d.code} đã có kết quả. Mời ông/bà nhận kết quả tại ${d.agencyName} hoặc theo hình thức đã đăng ký.`,
  },
  [NotificationKind.RESULT_RETURNED]: {
    subject: (d) => `Hồ sơ ${d.code} đã trả kết quả`,
    lead: (d) => `Kết quả của hồ sơ ${d.code} đã được trả. Xin cảm ơn ông/bà; mời ông/bà đánh giá mức độ hài lòng.`,
  },
  [NotificationKind.STOPPED]: {
    subject: (d) => `Hồ sơ ${d.code} bị dừng xử lý`,
    lead: (d) => `Hồ sơ ${d.code} bị dừng xử lý.${d.note ? ` Lý do: ${d.note}` : ''}`,
  },
  [NotificationKind.APOLOGY]: {
    subject: (d) => `Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ ${d.code}`,
    lead: (d) => `${d.agencyName} xin lỗi vì hồ sơ ${d.code} chưa giải quyết xong đúng hẹn.${d.dueAt ? ` Ngày hẹn trả kết quả mới: ${localDate(d.dueAt)}.` : ''}${d.note ? ` Lý do: ${d.note}` : ''}`,
  },
  [NotificationKind.WITHDRAWN]: {
    subject: (d) => `Hồ sơ ${d.code} đã được rút`,
    lead: (d) => `Hồ sơ ${d.code} đã được rút theo yêu cầu của ông/bà và không tiếp tục được giải quyết.`,
  },
  [NotificationKind.IN_APPRAISAL]: {
    subject: (d) => `Hồ sơ ${d.code} đang được thẩm định`,
    lead: (d) => `Hồ sơ ${d.code} đang được ${d.agencyName} thẩm định, giải quyết.${d.dueAt ? ` Ngày hẹn trả kết quả: ${localDate(d.dueAt)}.` : ''}`,
  },
  [NotificationKind.RESUMED]: {
    subject: (d) => `Hồ sơ ${d.code} tiếp tục được giải quyết`,
    lead: (d) => `${d.agencyName} đã nhận hồ sơ bổ sung; hồ sơ ${d.code} tiếp tục được giải quyết.${d.dueAt ? ` Ngày hẹn trả kết quả (đã cộng thời gian chờ bổ sung): ${localDate(d.dueAt)}.` : ''}`,
  },
  [NotificationKind.TRANSFERRED]: {
    subject: (d) => `Hồ sơ ${d.code} đã được chuyển đến ${d.agencyName}`,
    lead: (d) => `Hồ sơ ${d.code} đã được chuyển${d.previousAgencyName ? ` từ ${d.previousAgencyName}` : ''} đến ${d.agencyName} để tiếp tục giải quyết. Ông/bà vẫn tra cứu hồ sơ bằng mã hồ sơ này.`,
  },
};

const EN: Record<Exclude<NotificationKind, NotificationKind.MODULE_MESSAGE | StaffNotificationKind>, Template> = {
  [NotificationKind.RECEIVED]: {
    subject: (d) => `Dossier ${d.code} has been received`,
    lead: (d) => `${d.agencyName} has received dossier ${d.code}.${d.dueAt ? ` Result due: ${localDate(d.dueAt)} (Vietnam time).` : ''}`,
  },
  [NotificationKind.REFUSED]: {
    subject: (d) => `Dossier ${d.code} was not accepted`,
    lead: (d) => `Dossier ${d.code} was not accepted.${d.note ? ` Reason: ${d.note}` : ''}`,
  },
  [NotificationKind.SUPPLEMENT_REQUESTED]: {
    subject: (d) => `Documents requested for dossier ${d.code}`,
    lead: (d) => `Dossier ${d.code} needs further documents.${d.note ? ` Details: ${d.note}` : ''}`,
  },
  [NotificationKind.PAYMENT_REQUESTED]: {
    subject: (d) => `Payment requested for dossier ${d.code}`,
    lead: (d) => `Dossier ${d.code}: please pay the fees and charges so that processing can continue.`,
  },
  [NotificationKind.RESULT_READY]: {
    subject: (d) => `The result of dossier ${d.code} is ready`,
    lead: (d) => `The result of dossier ${d.code} is ready. Please collect it at ${d.agencyName} or as you chose when filing.`,
  },
  [NotificationKind.RESULT_RETURNED]: {
    subject: (d) => `The result of dossier ${d.code} has been returned`,
    lead: (d) => `The result of dossier ${d.code} has been returned to you. Thank you; please rate the service.`,
  },
  [NotificationKind.STOPPED]: {
    subject: (d) => `Processing of dossier ${d.code} has stopped`,
    lead: (d) => `Processing of dossier ${d.code} has stopped.${d.note ? ` Reason: ${d.note}` : ''}`,
  },
  [NotificationKind.APOLOGY]: {
    subject: (d) => `Apology and new date for dossier ${d.code}`,
    lead: (d) => `${d.agencyName} apologises that dossier ${d.code} was not resolved on time.${d.dueAt ? ` New due date: ${localDate(d.dueAt)} (Vietnam time).` : ''}${d.note ? ` Reason: ${d.note}` : ''}`,
  },
  [NotificationKind.WITHDRAWN]: {
    subject: (d) => `Dossier ${d.code} has been withdrawn`,
    lead: (d) => `Dossier ${d.code} has been withdrawn at your request and will not be processed further.`,
  },
  [NotificationKind.IN_APPRAISAL]: {
    subject: (d) => `Dossier ${d.code} is being appraised`,
    lead: (d) => `${d.agencyName} is now appraising dossier ${d.code}.${d.dueAt ? ` Result due: ${localDate(d.dueAt)} (Vietnam time).` : ''}`,
  },
  [NotificationKind.RESUMED]: {
    subject: (d) => `Processing of dossier ${d.code} has resumed`,
    lead: (d) => `${d.agencyName} has received your additional documents; processing of dossier ${d.code} has resumed.${d.dueAt ? ` Result due (moved by the time spent waiting for the documents): ${localDate(d.dueAt)} (Vietnam time).` : ''}`,
  },
  [NotificationKind.TRANSFERRED]: {
    subject: (d) => `Dossier ${d.code} has been transferred to ${d.agencyName}`,
    lead: (d) => `Dossier ${d.code} has been transferred${d.previousAgencyName ? ` from ${d.previousAgencyName}` : ''} to ${d.agencyName}, which continues processing it. You can follow it with the same dossier code.`,
  },
};

const TEMPLATES: Partial<Record<NotificationLanguage, Partial<Record<NotificationKind, Template>>>> = {
  [NotificationLanguage.VI]: VI,
  [NotificationLanguage.EN]: EN,
};

/**
 * The message for one applicant and channel, in their language; English where a template in
 * that language is missing. SMS carries the lead only (one or two segments); e-mail adds the
 * greeting, the procedure, the status and how to follow the dossier.
 */
export function renderMessage(kind: NotificationKind, channel: NotificationChannel, language: string, d: MessageData): RenderedMessage {
  const wanted = (Object.values(NotificationLanguage) as string[]).includes(language) ? (language as NotificationLanguage) : NotificationLanguage.VI;
  const lang = TEMPLATES[wanted]?.[kind] ? wanted : NotificationLanguage.EN;
  const t = TEMPLATES[lang]![kind]!;
  const vi = lang === NotificationLanguage.VI;
  if (channel === NotificationChannel.SMS) return { language: lang, subject: null, body: `${vi ? 'Một cửa' : 'OneDoor'}: ${t.lead(d)}` };
  const status = vi ? NATIONAL_STATUS_NAMES[d.nationalStatus] : EN_STATUS[d.nationalStatus];
  const body = vi
    ? [`Kính gửi ông/bà ${d.applicantName},`, '', t.lead(d), '', `Thủ tục: ${d.procedureName}`, `Mã hồ sơ: ${d.code}`, `Trạng thái: ${status}`, '',
        'Ông/bà có thể tra cứu hồ sơ bằng mã hồ sơ và số giấy tờ tùy thân, hoặc mã tra cứu in trên giấy tiếp nhận.', '', `${d.agencyName}`, '(Thư gửi tự động, xin vui lòng không trả lời.)']
    : [`Dear ${d.applicantName},`, '', t.lead(d), '', `Procedure: ${d.procedureName}`, `Dossier code: ${d.code}`, `Status: ${status}`, '',
        'You can follow the dossier with its code and your identity number, or the lookup code printed on your receipt.', '', `${d.agencyName}`, '(Automatic message; please do not reply.)'];
  return { language: lang, subject: t.subject(d), body: body.join('\n') };
}
