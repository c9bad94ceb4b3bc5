import type { FormValidator } from '../../src/kernel/module-contract';
import { LAND_TRANSFER_DECLARATION, REGISTRATION_CHANGE, REGISTRATION_INDIVIDUAL, REGISTRATION_ORGANISATION } from './procedures';
import { parseCadastralData } from './services/land-transfer-assessment.service';
import { checkIndividualRegistration, checkOrganisationRegistration, checkRegistrationChange } from './services/taxpayer.service';

/**
 * Form validators of the tax procedures (`formData` on submission and reception). Field paths
 * start at the form; the kernel prefixes them with `formData.`.
 *
 * - 1.007749 `{ name, address, legalRepresentative, parentTaxCode?, businessLines: string[] }`
 * - 1.007752 `{ address }` (the applicant's CCCD becomes the tax code)
 * - 1.007766 `{ taxCode, changes: { name?, address?, legalRepresentative?, businessLines? } }`
 * - land transfer declared at tax: the cadastral-data shape `{ certificateSerial, parcels: [{ communeCode,
 *   mapSheet, parcelNumber, areaM2, purposeCode }], transferors, transferees, declaredPriceVnd, relationship?, transferKind? }`
 */
export const taxFormValidators: Record<string, FormValidator> = {
  [REGISTRATION_ORGANISATION]: async (form, { em }) => (await checkOrganisationRegistration(em, form)).issues,
  [REGISTRATION_INDIVIDUAL]: async (form, { em, applicant }) => (await checkIndividualRegistration(em, form, applicant)).issues,
  [REGISTRATION_CHANGE]: async (form, { em, applicant }) => (await checkRegistrationChange(em, form, applicant)).issues,
  [LAND_TRANSFER_DECLARATION]: (form, { applicant }) => {
    const parsed = parseCadastralData(form, '');
    if (!parsed.data) return parsed.issues;
    const parties = [...parsed.data.transferors, ...parsed.data.transferees];
    return parties.some((p) => p.idNumber === applicant.idNumber)
      ? []
      : [{ field: 'transferors', message: 'Người nộp hồ sơ phải là một bên của hợp đồng / The applicant must be a party to the contract' }];
  },
};
