import { GraphQLError } from 'graphql';
import { Arg, createUnionType, Ctx, Field, Float, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { DurationUnit } from '../calendar/duration';
import { query } from '../db/sql';
import { requirePrincipal } from '../graphql/auth-guard';
import { NotAuthorized, ProcedureNotFound, ValidationFailed, VersionConflict } from '../graphql/errors';
import { GraphQLContext } from '../server/context';
import { CatalogueResult, CatalogueService, mayManageProcedures, ProcedurePatch } from './catalogue.service';
import { ProcedureContent } from './procedure-content';
import { ProcedureRevisionType, ProcedureType } from './procedure.output';
import { ApplicantKind, FeeKind, OnlineKind, ProcedureChange, ProcedureOrigin } from './procedure.types';

@InputType()
class ProcessingTimeInput {
  @Field(() => Float, { description: 'Working days (whole or .5), working hours (whole), calendar days (whole), or 1 for SAME_DAY.' })
  amount!: number;

  @Field(() => DurationUnit)
  unit!: DurationUnit;
}

@InputType()
class DossierComponentInput {
  @Field()
  code!: string;

  @Field()
  name!: string;

  @Field()
  required!: boolean;

  @Field(() => Int, { defaultValue: 1 })
  copies!: number;

  @Field(() => String, { nullable: true })
  note?: string | null;

  @Field(() => String, { nullable: true, description: 'The code of one of the procedure’s `forms`.' })
  formCode?: string | null;
}

@InputType()
class FormTemplateInput {
  @Field()
  code!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true, description: 'A portal path (/forms/…) or an https address.' })
  url?: string | null;
}

@InputType()
class FeeInput {
  @Field(() => FeeKind)
  kind!: FeeKind;

  @Field()
  name!: string;

  @Field(() => Float, { description: 'Whole VND, 0 or more.' })
  amountVnd!: number;

  @Field(() => String, { nullable: true })
  note?: string | null;

  @Field(() => [ApplicantKind], { nullable: true, description: 'Only for these applicants; null: everyone.' })
  applicantKinds?: ApplicantKind[] | null;
}

@InputType({ description: 'A catalogue entry as an admin writes it.' })
class CreateProcedureInput {
  @Field({ description: 'National code, e.g. 1.013831.' })
  code!: string;

  @Field()
  name!: string;

  @Field({ description: 'Lĩnh vực.' })
  field!: string;

  @Field({ description: 'The competent agency (one of a running module’s); an agency admin: its own.' })
  agencyCode!: string;

  @Field(() => OnlineKind)
  onlineKind!: OnlineKind;

  @Field(() => Int, { nullable: true })
  legacyLevel?: number | null;

  @Field(() => ProcessingTimeInput)
  processingTime!: ProcessingTimeInput;

  @Field(() => [ApplicantKind])
  applicantKinds!: ApplicantKind[];

  @Field(() => [DossierComponentInput])
  components!: DossierComponentInput[];

  @Field(() => [FormTemplateInput], { defaultValue: [] })
  forms!: FormTemplateInput[];

  @Field(() => [FeeInput], { defaultValue: [] })
  fees!: FeeInput[];

  @Field()
  resultKind!: string;

  @Field(() => [String])
  legalBasis!: string[];

  @Field({ description: 'A workflow of the kernel or of the procedure’s module (see `procedure.workflow`).' })
  workflowKey!: string;
}

@InputType({ description: 'The fields to change (the others stay); `expectedVersion` is the version you saw.' })
class UpdateProcedureInput {
  @Field()
  code!: string;

  @Field(() => Int)
  expectedVersion!: number;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  field?: string | null;

  @Field(() => String, { nullable: true })
  agencyCode?: string | null;

  @Field(() => OnlineKind, { nullable: true })
  onlineKind?: OnlineKind | null;

  @Field(() => Int, { nullable: true, description: 'Give 0 to clear it.' })
  legacyLevel?: number | null;

  @Field(() => ProcessingTimeInput, { nullable: true, description: 'Applies to dossiers received from now on; those received earlier keep their due date.' })
  processingTime?: ProcessingTimeInput | null;

  @Field(() => [ApplicantKind], { nullable: true })
  applicantKinds?: ApplicantKind[] | null;

  @Field(() => [DossierComponentInput], { nullable: true })
  components?: DossierComponentInput[] | null;

  @Field(() => [FormTemplateInput], { nullable: true })
  forms?: FormTemplateInput[] | null;

  @Field(() => [FeeInput], { nullable: true })
  fees?: FeeInput[] | null;

  @Field(() => String, { nullable: true })
  resultKind?: string | null;

  @Field(() => [String], { nullable: true })
  legalBasis?: string[] | null;

  @Field(() => String, { nullable: true })
  workflowKey?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true puts a retired procedure back in the catalogue.' })
  active?: boolean | null;
}

@ObjectType()
class ProcedurePayload {
  @Field(() => ProcedureType)
  procedure!: unknown;
}

const ProcedureResult = createUnionType({
  name: 'ProcedureResult',
  types: () => [ProcedurePayload, ValidationFailed, NotAuthorized, ProcedureNotFound, VersionConflict] as const,
});

/** Input lists as stored: absent optional members left out, not null. */
function components(list: DossierComponentInput[]): ProcedureContent['components'] {
  return list.map((c) => ({ code: c.code, name: c.name, required: c.required, copies: c.copies, ...(c.note != null ? { note: c.note } : {}), ...(c.formCode != null ? { formCode: c.formCode } : {}) }));
}
function forms(list: FormTemplateInput[]): ProcedureContent['forms'] {
  return list.map((f) => ({ code: f.code, name: f.name, ...(f.url != null ? { url: f.url } : {}) }));
}
function fees(list: FeeInput[]): ProcedureContent['fees'] {
  return list.map((f) => ({ kind: f.kind, name: f.name, amountVnd: f.amountVnd, ...(f.note != null ? { note: f.note } : {}), ...(f.applicantKinds != null ? { applicantKinds: f.applicantKinds } : {}) }));
}

/** The GraphQL side of the catalogue's administration (`CatalogueService` does the work). */
@Resolver()
export class CatalogueResolver {
  @Mutation(() => ProcedureResult, { description: 'Adds a procedure to the catalogue (system admin: any agency of a running module; agency admin: its own agency).' })
  async createProcedure(@Ctx() ctx: GraphQLContext, @Arg('input', () => CreateProcedureInput) input: CreateProcedureInput) {
    const p = requirePrincipal(ctx.principal);
    const content: ProcedureContent = {
      name: input.name, field: input.field, agencyCode: input.agencyCode, onlineKind: input.onlineKind, legacyLevel: input.legacyLevel ?? null,
      processingAmount: input.processingTime.amount, processingUnit: input.processingTime.unit, applicantKinds: input.applicantKinds,
      components: components(input.components), forms: forms(input.forms), fees: fees(input.fees), resultKind: input.resultKind, legalBasis: input.legalBasis, workflowKey: input.workflowKey,
    };
    return this.answer(ctx, await this.service(ctx).create(ctx.em, p, input.code, content));
  }

  @Mutation(() => ProcedureResult, { description: 'Changes a procedure (optimistic lock on `expectedVersion`); an admin’s edit is never overwritten by a module upgrade. Dossiers already received keep their due date.' })
  async updateProcedure(@Ctx() ctx: GraphQLContext, @Arg('input', () => UpdateProcedureInput) input: UpdateProcedureInput) {
    const p = requirePrincipal(ctx.principal);
    const patch: ProcedurePatch = {};
    const set = <K extends keyof ProcedurePatch>(k: K, v: ProcedurePatch[K] | null | undefined) => {
      if (v != null) patch[k] = v;
    };
    set('name', input.name);
    set('field', input.field);
    set('agencyCode', input.agencyCode);
    set('onlineKind', input.onlineKind);
    if (input.legacyLevel != null) patch.legacyLevel = input.legacyLevel === 0 ? null : input.legacyLevel;
    if (input.processingTime) Object.assign(patch, { processingAmount: input.processingTime.amount, processingUnit: input.processingTime.unit });
    set('applicantKinds', input.applicantKinds);
    if (input.components) patch.components = components(input.components);
    if (input.forms) patch.forms = forms(input.forms);
    if (input.fees) patch.fees = fees(input.fees);
    set('resultKind', input.resultKind);
    set('legalBasis', input.legalBasis);
    set('workflowKey', input.workflowKey);
    set('active', input.active);
    return this.answer(ctx, await this.service(ctx).update(ctx.em, p, input.code, input.expectedVersion, patch));
  }

  @Mutation(() => ProcedureResult, { description: 'Takes a procedure out of the catalogue: no new dossier can be filed under it; dossiers filed earlier go on as they were.' })
  async retireProcedure(@Ctx() ctx: GraphQLContext, @Arg('code') code: string, @Arg('expectedVersion', () => Int) expectedVersion: number) {
    const p = requirePrincipal(ctx.principal);
    return this.answer(ctx, await this.service(ctx).retire(ctx.em, p, code, expectedVersion));
  }

  @Query(() => [ProcedureRevisionType], { description: 'A procedure’s changes, newest first (system admins; agency admins for their agency’s procedures).' })
  async procedureRevisions(
    @Ctx() ctx: GraphQLContext,
    @Arg('code') code: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
  ): Promise<ProcedureRevisionType[]> {
    const p = requirePrincipal(ctx.principal);
    const max = ctx.services.config.limits.maxPageSize;
    if (!Number.isInteger(first) || first! < 1 || first! > max) throw new GraphQLError(`first must be 1 to ${max}`, { extensions: { code: 'BAD_USER_INPUT' } });
    const procedure = ctx.services.reference.procedureByCode(code);
    // The catalogue is public: saying that a code exists tells nothing; its history is for its admins.
    if (!procedure || !mayManageProcedures(p, procedure.agencyId)) throw new GraphQLError('Not allowed to read this procedure’s history', { extensions: { code: 'FORBIDDEN' } });
    const rows = await query<{ version: number; at: Date; origin: ProcedureOrigin; change: ProcedureChange; actor: string | null; username: string | null; changes: { field: string; from: unknown; to: unknown }[] }>(
      ctx.em,
      `select r.version, r.at, r.origin, r.change, r.actor, a.username, r.changes from procedure_revision r left join account a on a.id = r.actor
        where r.procedure_id = $1 order by r.at desc, r.id desc limit $2`,
      [procedure.id, first],
    );
    return rows.map((r) => ({
      version: r.version, at: r.at, origin: r.origin, change: r.change, actorId: r.actor, actorUsername: r.username,
      changes: r.changes.map((c) => ({ field: c.field, from: c.from === null ? null : JSON.stringify(c.from), to: JSON.stringify(c.to) })),
    }));
  }

  private service(ctx: GraphQLContext): CatalogueService {
    return new CatalogueService(ctx.services.modules);
  }

  /** After a change commits this instance reloads its catalogue at once (the others on the event), then answers from it. */
  private async answer(ctx: GraphQLContext, r: CatalogueResult) {
    if (!('procedure' in r)) return r;
    await ctx.services.reference.reload(ctx.em);
    return Object.assign(new ProcedurePayload(), { procedure: ctx.services.reference.procedureByCode(r.procedure.code) });
  }
}
