import type { FormValidator } from '../../src/kernel';
import { LAND_TRANSFER_DECLARATION, REGISTRATION_CHANGE, REGISTRATION_INDIVIDUAL, REGISTRATION_ORGANISATION } from './procedures';
import { parseCadastralData } from './rules/land-transfer-assessment';
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
/** Registering a person for tax online is done by that person. */
const APPLICANT_NOT_SUBMITTER = {
  field: 'address',
  message: 'Cá nhân tự đăng ký thuế trực tuyến bằng tài khoản của mình / An individual registers for tax online with their own account',
};

export const taxFormValidators: Record<string, FormValidator> = {
  [REGISTRATION_ORGANISATION]: async (form, { em }) => (await checkOrganisationRegistration(em, form)).issues,
  // Against the register with the identity the submitter proved, never a typed-in number: whether
  // someone is a registered taxpayer is not public (issue 13, no oracles).
  [REGISTRATION_INDIVIDUAL]: async (form, { em, applicant, verifiedIdNumber }) =>
    verifiedIdNumber === applicant.idNumber ? (await checkIndividualRegistration(em, form, applicant)).issues : [APPLICANT_NOT_SUBMITTER],
  [REGISTRATION_CHANGE]: async (form, { em, verifiedIdNumber }) => (await checkRegistrationChange(em, form, { idNumber: verifiedIdNumber ?? '' })).issues,
  [LAND_TRANSFER_DECLARATION]: (form, { applicant }) => {
    const parsed = parseCadastralData(form, '');
    if (!parsed.data) return parsed.issues;
    const parties = [...parsed.data.transferors, ...parsed.data.transferees];
    return parties.some((p) => p.idNumber === applicant.idNumber)
      ? []
      : [{ field: 'transferors', message: 'Người nộp hồ sơ phải là một bên của hợp đồng / The applicant must be a party to the contract' }];
  },
};
