import { TAX_AGENCY_CODE } from '../procedures';
import { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import {
  DossierView, ErrorResult, findDossier, type ModuleContext, Issues, readPurpose, requirePrincipal, selectedFields,
  selectedPaths, unmaskedRead, ValidationFailed, type WriteResult,
} from '../../../src/kernel';
import { ASSESSORS, noteObligationReads, OBLIGATION_PERSONAL_FIELDS, presentObligation } from '../access';
import { priceProblem } from '../rules/land-transfer-assessment';
import { issueNoticeForDossier, noticeNumber, storeLandTransferAssessment } from '../services/obligation.service';
import { AssessLandTransferObligationsInput, IssueTaxNoticeInput } from './tax-assessment.inputs';
import { findNotice, notice, noticesByDossier, obligationsByDossier, obligationsByNotice, PaymentRow, paymentsByNotice } from './tax.queries';
import { NoticeView, TaxAssessmentPayload, TaxAssessmentResult, TaxNoticeType, TaxObligationType, TaxPaymentType } from './tax.output';

async function assessmentPayload(ctx: ModuleContext, info: GraphQLResolveInfo, r: WriteResult, noticeId: () => string | null) {
  if (r instanceof ErrorResult) return r;
  const dossier = await findDossier(ctx, r.dossierId);
  const masked = !dossier || !unmaskedRead(dossier.access, { record: 'tax.obligation', recordId: dossier.id, fields: ['payerIdNumber'] });
  const id = noticeId();
  const n = id ? await findNotice(ctx.em, id) : null;
  const obligations = await obligationsByDossier(ctx).load(r.dossierId);
  // The payload's own list is a read of the payers' data as much as a notice's obligations (logged there by the field resolver).
  if (!masked) {
    const fields = selectedPaths(info).filter((p) => p.startsWith('obligations.')).map((p) => p.split('.')[1]).filter((f) => OBLIGATION_PERSONAL_FIELDS.includes(f));
    noteObligationReads(ctx, obligations, [...new Set(fields)].sort(), `HS ${dossier!.code}`, readPurpose(info));
  }
  return Object.assign(new TaxAssessmentPayload(), {
    dossier,
    obligations: obligations.map((o) => presentObligation(o, masked)),
    notice: n ? notice(n, ctx.services.clock.now(), masked) : null,
  });
}

/**
 * The tax office's work on a land transfer dossier it holds: assess the obligations from the
 * land office's cadastral data, then issue the notice to pay. Both go through the kernel's
 * `updateDossier` (lock, version, the caller's role in the holding agency, history, outbox).
 */
@Resolver(() => TaxNoticeType)
export class TaxAssessmentResolver {
  @Mutation(() => TaxAssessmentResult, { description: 'Tax specialists/leaders holding a land transfer dossier assess PIT and the registration fee from the cadastral data; replaces earlier assessments not yet notified.' })
  async assessLandTransferObligations(@Ctx() ctx: ModuleContext, @Arg('input') input: AssessLandTransferObligationsInput, @Info() info: GraphQLResolveInfo) {
    const p = requirePrincipal(ctx.principal);
    const issues = new Issues();
    const corrected = input.correctedDeclaredPriceVnd ?? null;
    let note: string | null = null;
    if (corrected !== null) {
      const problem = priceProblem(corrected);
      if (problem) issues.add('correctedDeclaredPriceVnd', problem);
      note = issues.text('correctionNote', input.correctionNote, 2000, true);
      if (!note && issues.list.every((i) => i.field !== 'correctionNote')) issues.add('correctionNote', 'Cần ghi rõ lý do điều chỉnh giá / A note is required when the price is corrected');
    } else if (input.correctionNote?.trim()) issues.add('correctionNote', 'Chỉ ghi khi điều chỉnh giá chuyển nhượng / Only with a corrected price');
    if (!issues.ok) return ValidationFailed.of(issues.list);
    const now = ctx.services.clock.now();
    const r = await ctx.services.dossiers.updateDossier(
      ctx.em,
      p,
      { dossierId: input.dossierId, expectedVersion: input.expectedVersion, action: 'assessTaxObligations', holdingRoles: ASSESSORS, holdingAgencyCodes: [TAX_AGENCY_CODE] },
      (tx, dossier) => storeLandTransferAssessment(tx, dossier, { correctedDeclaredPriceVnd: corrected, correctionNote: note, actorName: p.fullName || p.subject, now }),
    );
    return assessmentPayload(ctx, info, r, () => null);
  }

  @Mutation(() => TaxAssessmentResult, { description: 'Issues one notice to pay for the dossier’s assessed obligations, numbered per agency and year, due after the statutory term.' })
  async issueTaxNotice(@Ctx() ctx: ModuleContext, @Arg('input') input: IssueTaxNoticeInput, @Info() info: GraphQLResolveInfo) {
    const p = requirePrincipal(ctx.principal);
    const now = ctx.services.clock.now();
    let noticeId: string | null = null;
    const r = await ctx.services.dossiers.updateDossier(
      ctx.em,
      p,
      { dossierId: input.dossierId, expectedVersion: input.expectedVersion, action: 'issueTaxNotice', holdingRoles: ASSESSORS, holdingAgencyCodes: [TAX_AGENCY_CODE] },
      async (tx, dossier) => {
        const out = await issueNoticeForDossier(tx, dossier, { actorName: p.fullName || p.subject, now, calendar: await ctx.services.calendar.calendar(tx) });
        if (!(out instanceof ErrorResult)) noticeId = (out.data?.noticeId as string) ?? null;
        return out;
      },
    );
    return assessmentPayload(ctx, info, r, () => noticeId);
  }

  @Query(() => [TaxNoticeType], { description: 'Tax notices of a dossier the caller may see (empty otherwise).' })
  async taxNotices(@Ctx() ctx: ModuleContext, @Arg('dossierId', () => ID) dossierId: string): Promise<NoticeView[]> {
    requirePrincipal(ctx.principal);
    const d = await findDossier(ctx, dossierId);
    return d ? dossierNotices(ctx, d) : [];
  }

  @FieldResolver(() => String)
  numberAndSymbol(@Root() n: NoticeView): string {
    return noticeNumber(n);
  }

  @FieldResolver(() => [TaxObligationType], { description: 'The obligations the notice covers.' })
  async obligations(@Root() n: NoticeView, @Ctx() ctx: ModuleContext, @Info() info: GraphQLResolveInfo) {
    const rows = await obligationsByNotice(ctx).load(n.id);
    if (!n.masked) {
      // A payer's identity and amounts shown unmasked (a tax or land officer on the dossier) are logged for the payer.
      noteObligationReads(ctx, rows, selectedFields(info, OBLIGATION_PERSONAL_FIELDS), `TB ${noticeNumber(n)}`, readPurpose(info));
    }
    return rows.map((o) => presentObligation(o, n.masked));
  }

  @FieldResolver(() => [TaxPaymentType])
  payments(@Root() n: NoticeView, @Ctx() ctx: ModuleContext): Promise<PaymentRow[]> {
    return paymentsByNotice(ctx).load(n.id);
  }
}

/** The notices of a dossier already checked visible, masked for observers. */
export async function dossierNotices(ctx: ModuleContext, d: DossierView): Promise<NoticeView[]> {
  const now = ctx.services.clock.now();
  const masked = !unmaskedRead(d.access, { record: 'tax.notice', recordId: d.id, fields: ['payerIdNumber'] });
  return (await noticesByDossier(ctx).load(d.id)).map((r) => notice(r, now, masked));
}
