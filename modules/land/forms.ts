/**
 * Form validators of the land procedures (`formData` on submission and reception): each form is
 * parsed (rules/land-forms.ts), then checked against the register, read only. What the register
 * check finds is told in full only to a submitter who may read that entry of the register; for
 * anyone else the answer does not depend on it, and an officer checks it later (access.ts).
 */
import type { FormContext, FormIssue, FormValidator } from '../../src/kernel';
import { disclose, LandSubmitter, landSubmitter, mayReadCertificateSerial } from './access';
import { LAND_PROCEDURE } from './procedures';
import { formOf, parseFirstRegistrationForm, parseMortgageForm, parseMortgageReleaseForm, parseReissueForm, parseTransferForm } from './rules/land-forms';
import { checkFirstRegistration, checkMortgage, checkMortgageRelease, checkReissue, checkTransfer, LandRegister } from './services/land-register.service';

type Validate = (reg: LandRegister, data: Record<string, unknown>, now: Date, who: LandSubmitter) => Promise<FormIssue[]>;

const validateTransfer: Validate = async (reg, data, now, who) => {
  const parsed = parseTransferForm(data, now);
  if (!parsed.form) return parsed.issues;
  const serial = parsed.form.certificateSerial;
  return disclose((await checkTransfer(reg, parsed.form)).issues, () => mayReadCertificateSerial(reg, who, serial));
};

/** The holders named are other people: only a land officer learns what the register says of their numbers; approval checks them again. */
const validateFirstRegistration: Validate = async (reg, data, now, who) => {
  const parsed = parseFirstRegistrationForm(data, now);
  if (!parsed.form) return parsed.issues;
  return disclose((await checkFirstRegistration(reg, parsed.form)).issues, () => who.officer);
};

const validateMortgage: Validate = async (reg, data, now, who) => {
  const parsed = parseMortgageForm(data, now);
  if (!parsed.form) return parsed.issues;
  const serial = parsed.form.certificateSerial;
  return disclose((await checkMortgage(reg, parsed.form)).issues, () => mayReadCertificateSerial(reg, who, serial));
};

const validateMortgageRelease: Validate = async (reg, data, now, who) => {
  const parsed = parseMortgageReleaseForm(data, now);
  if (!parsed.form) return parsed.issues;
  const serial = parsed.form.certificateSerial;
  return disclose((await checkMortgageRelease(reg, parsed.form)).issues, () => mayReadCertificateSerial(reg, who, serial));
};

const validateReissue: Validate = async (reg, data, now, who) => {
  const parsed = parseReissueForm(data, now);
  if (!parsed.form) return parsed.issues;
  const serial = parsed.form.certificateSerial;
  return disclose((await checkReissue(reg, parsed.form)).issues, () => mayReadCertificateSerial(reg, who, serial));
};

const validators: Record<string, Validate> = {
  [LAND_PROCEDURE.FIRST_REGISTRATION]: validateFirstRegistration,
  [LAND_PROCEDURE.TRANSFER]: validateTransfer,
  [LAND_PROCEDURE.MORTGAGE]: validateMortgage,
  [LAND_PROCEDURE.MORTGAGE_RELEASE]: validateMortgageRelease,
  [LAND_PROCEDURE.REISSUE_LOST]: validateReissue,
};

/** The manifest's `formValidators`: every land procedure's form is checked against the register. */
export const landFormValidators: Record<string, FormValidator> = Object.fromEntries(
  Object.entries(validators).map(([code, validate]) => [
    code,
    (data: Record<string, unknown>, ctx: FormContext) => validate(new LandRegister(ctx.em), formOf(data) ?? {}, ctx.now, landSubmitter(ctx.principal, ctx.channel === 'ONLINE' ? ctx.verifiedIdNumber : null)),
  ]),
);
