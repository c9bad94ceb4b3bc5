import type { FormValidator } from '../../src/kernel';

/**
 * Complaints (2.002186) and denunciations (2.002189) stay in the catalogue as the public service
 * entries, but are not filed as kernel dossiers: a dossier shows its applicant to every officer of
 * the holding agency, and a denouncer's identity may be read by the assigned inspectors and the
 * head only. They are received as petitions (`receivePetition`), at the counter, by post or from
 * the portal. The kernel's generic demo dossiers skip procedures with a validator, so no demo
 * "denouncer" is shown to a whole agency either.
 */
const refuseAsDossier: FormValidator = () => [
  {
    field: 'procedure',
    message:
      'Đơn khiếu nại, tố cáo được tiếp nhận qua sổ đơn thư của Thanh tra (bảo mật người tố cáo), không nộp thành hồ sơ một cửa / Complaints and denunciations are received as confidential petitions, not filed as one-stop dossiers',
  },
];

export const inspectorateFormValidators: Record<string, FormValidator> = {
  '2.002186': refuseAsDossier,
  '2.002189': refuseAsDossier,
};
