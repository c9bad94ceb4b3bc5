import { ReturnOutcome } from './payment.service';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page the applicant's browser lands on after the gateway: the outcome, nothing else. */
export function paymentReturnPage(o: ReturnOutcome): string {
  const title = o.succeeded ? 'Thanh toán thành công' : 'Thanh toán không thành công';
  const details = o.dossierCode ? `<p>Hồ sơ: <strong>${escape(o.dossierCode)}</strong>${o.amountVnd !== null ? ` — ${o.amountVnd.toLocaleString('vi-VN')} đồng` : ''}</p>` : '';
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${title}</title></head>
<body><h1>${title}</h1><p>${escape(o.message)}</p>${details}
<p>Trạng thái hồ sơ được cập nhật khi cổng thanh toán xác nhận giao dịch / The dossier is updated when the gateway confirms the payment.</p></body></html>`;
}
