/**
 * What the education module does inside the approval of its dossiers (dossier hooks): applies an
 * approved transfer or diploma copy in the approval's transaction. A hook that finds the facts
 * changed since submission (the student moved, the class is gone) refuses the approval, and
 * nothing is kept.
 */
import { type DossierActionContext, type DossierActionHook, type FormIssue, putDossierRecord } from '../../src/kernel';
import { Enrolment } from './entities/student.entity';
import { checkTransfer, DIPLOMA_COPY_RECORD, DIPLOMA_KIND_NAMES, formOf, parseDiplomaCopyForm, parseTransferForm } from './forms';
import { EDUCATION_AGENCY_CODE, EDUCATION_PROCEDURE } from './procedures';
import { localToday } from './rules/school-dates';

const NO_FORM: FormIssue[] = [{ field: 'formData', message: 'Hồ sơ chưa có dữ liệu tờ khai / The dossier has no form data' }];

/**
 * Approval moves the student, under row locks: the open enrolment ends on the day of approval,
 * the new one starts that day in the class chosen in the form (or none: the receiving school
 * places the student), and the student's school becomes the receiving one.
 */
async function applyTransfer(ctx: DossierActionContext) {
  const data = formOf(ctx.dossier.formData);
  if (!data) return { issues: NO_FORM };
  const parsed = parseTransferForm(data);
  if (!parsed.form) return { issues: parsed.issues };
  const { facts, issues } = await checkTransfer(ctx.em, ctx.dossier.procedureCode, parsed.form, ctx.dossier.applicantIdNumber, true);
  if (!facts) return { issues };
  const day = localToday(ctx.now);
  const open = facts.openEnrolment;
  open.toDate = open.fromDate > day ? open.fromDate : day;
  // The old row must be closed before the new one opens: one open enrolment per student.
  await ctx.em.flush();
  if (facts.toClass) ctx.em.create(Enrolment, { student: facts.student, schoolClass: facts.toClass, fromDate: open.toDate });
  facts.student.school = facts.toSchool;
  await ctx.em.flush();
  return {
    data: {
      studentId: facts.student.id,
      fromSchoolCode: facts.fromSchool.code,
      toSchoolCode: facts.toSchool.code,
      fromClassName: open.schoolClass.name,
      toClassName: facts.toClass?.name ?? null,
      effectiveOn: open.toDate,
    },
  };
}

/** Approval of a copy writes the copy register entry (sổ cấp bản sao) as a data sheet on the dossier. */
async function applyDiplomaCopy(ctx: DossierActionContext) {
  const data = formOf(ctx.dossier.formData);
  if (!data) return { issues: NO_FORM };
  const parsed = parseDiplomaCopyForm(data, ctx.now);
  if (!parsed.form) return { issues: parsed.issues };
  const f = parsed.form;
  await putDossierRecord(ctx.em, {
    dossierId: ctx.dossier.id,
    kind: DIPLOMA_COPY_RECORD,
    agencyCode: EDUCATION_AGENCY_CODE,
    data: { ...f, diplomaKindName: DIPLOMA_KIND_NAMES[f.diplomaKind], issuedOn: localToday(ctx.now), registerReference: ctx.dossier.code },
    createdByName: ctx.actor.name,
    at: ctx.now,
  });
  return { data: { diplomaKind: f.diplomaKind, copies: f.copies } };
}

/** The manifest's `dossierHooks`. */
export const educationDossierHooks: DossierActionHook[] = [
  {
    name: 'education.transfer-on-approval',
    actions: ['approve'],
    procedureCodes: [EDUCATION_PROCEDURE.TRANSFER_LOWER_SECONDARY, EDUCATION_PROCEDURE.TRANSFER_UPPER_SECONDARY],
    run: applyTransfer,
  },
  { name: 'education.diploma-copy-on-approval', actions: ['approve'], procedureCodes: [EDUCATION_PROCEDURE.DIPLOMA_COPY], run: applyDiplomaCopy },
];
