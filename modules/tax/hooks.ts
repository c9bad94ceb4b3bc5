import { ActionEffect, type DossierActionHook } from '../../src/kernel';
import { REGISTRATION_CHANGE, REGISTRATION_INDIVIDUAL, REGISTRATION_ORGANISATION, TAX_AGENCY_CODE } from './procedures';
import { financialObligationsProblem, recordCounterPayment, recordOnlinePayment, UNPAID_NOTICE } from './services/obligation.service';
import { applyRegistrationChange, registerIndividual, registerOrganisation } from './services/taxpayer.service';
import { TaxNotice } from './entities/tax-notice.entity';

/**
 * What tax checks and writes inside other workflow actions. The payment hooks apply to any
 * procedure's dossier while a tax agency holds it (the inter-agency land transfer, or a
 * declaration filed directly with tax), by the effects of the action, whatever its key in the
 * other module's workflow; the registration hooks to tax's own procedures.
 */
export const taxDossierHooks: DossierActionHook[] = [
  {
    name: 'tax.noticeBeforePaymentRequest',
    effects: [ActionEffect.REQUEST_PAYMENT],
    holdingAgencyCodes: [TAX_AGENCY_CODE],
    async run({ em, dossier }) {
      const unpaid = await em.count(TaxNotice, { dossier: dossier.id, status: { $in: UNPAID_NOTICE } });
      if (!unpaid) return { issues: [{ field: 'action', message: 'Chưa có thông báo nộp thuế / No tax notice has been issued on this dossier' }] };
    },
  },
  {
    name: 'tax.recordPayment',
    effects: [ActionEffect.RECORD_PAYMENT],
    holdingAgencyCodes: [TAX_AGENCY_CODE],
    async run({ em, dossier, actor, payment, note, now }) {
      if (actor.platform) {
        if (!payment) return { issues: [{ field: 'payment', message: 'Thiếu thông tin giao dịch thanh toán / No verified payment' }] };
        return recordOnlinePayment(em, dossier.id, payment, now);
      }
      return recordCounterPayment(em, dossier.id, note, actor.name, now);
    },
  },
  {
    name: 'tax.settledBeforeReturn',
    effects: [ActionEffect.HAND_BACK],
    holdingAgencyCodes: [TAX_AGENCY_CODE],
    async run({ em, dossier }) {
      const problem = await financialObligationsProblem(em, dossier.id);
      if (problem) return { issues: [{ field: 'action', message: problem }] };
    },
  },
  { name: 'tax.registerOrganisation', actions: ['approve'], procedureCodes: [REGISTRATION_ORGANISATION], run: registerOrganisation },
  { name: 'tax.registerIndividual', actions: ['approve'], procedureCodes: [REGISTRATION_INDIVIDUAL], run: registerIndividual },
  { name: 'tax.changeRegistration', actions: ['approve'], procedureCodes: [REGISTRATION_CHANGE], run: applyRegistrationChange },
];
