import { Arg, Ctx, Field, FieldResolver, Float, InputType, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { DurationUnit } from '../calendar/duration';
import { query } from '../db/sql';
import { Connection, decodeCursor, encodeCursor, pageSize } from '../graphql/connection';
import { AgencyType } from '../org/org.output';
import { PROCEDURE_SQL, ProcedureView } from './procedure.view';
import { GraphQLContext } from '../server/context';
import { WorkflowType, toWorkflowType } from '../dossiers/dossier.output';
import { ProcedureType, ProcessingTimeType } from './procedure.output';
import { ApplicantKind, feesFor, OnlineKind } from './procedure.types';

@InputType()
export class ProcedureFilter {
  @Field(() => String, { nullable: true, description: 'Words of the name or the code; accents optional.' })
  search?: string | null;

  @Field(() => String, { nullable: true })
  field?: string | null;

  @Field(() => String, { nullable: true })
  agencyCode?: string | null;

  @Field(() => OnlineKind, { nullable: true })
  onlineKind?: OnlineKind | null;
}

@ObjectType()
export class ProcedureConnection extends Connection(ProcedureType, 'Procedure') {}

const UNIT_LABELS: Record<DurationUnit, string> = {
  [DurationUnit.WORKING_DAYS]: 'ngày làm việc',
  [DurationUnit.WORKING_HOURS]: 'giờ làm việc',
  [DurationUnit.CALENDAR_DAYS]: 'ngày',
  [DurationUnit.SAME_DAY]: 'trong ngày',
};

/** Vietnamese without diacritics, for search that ignores accents ("dat dai" finds "Đất đai"). */
function foldVietnamese(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

/** The public, anonymous procedure catalogue. */
@Resolver(() => ProcedureType)
export class ProcedureResolver {
  @Query(() => ProcedureConnection, { description: 'The catalogue, ordered by code; only the running modules’ procedures.' })
  async procedures(
    @Ctx() ctx: GraphQLContext,
    @Arg('filter', () => ProcedureFilter, { nullable: true }) filter?: ProcedureFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<ProcedureConnection> {
    const limit = pageSize(first, ctx.services.config.limits.maxPageSize);
    // The catalogue is reference data held in memory (loaded with the agencies at start-up): the
    // public, anonymous list takes no pool connection, so a flood of it cannot starve other callers.
    const names = ctx.services.modules.names;
    const agencyId = filter?.agencyCode ? ctx.services.reference.agencyByCode(filter.agencyCode)?.id ?? null : undefined;
    const from = after ? String(decodeCursor(after, 1)[0]) : undefined;
    let rows = ctx.services.reference
      .allProcedures()
      .filter((r) => r.active && names.includes(r.moduleName) && (!filter?.field || r.field === filter.field) && (!filter?.onlineKind || r.onlineKind === filter.onlineKind))
      .filter((r) => agencyId === undefined || r.agencyId === agencyId)
      .filter((r) => from === undefined || r.code > from)
      .sort((x, y) => (x.code < y.code ? -1 : x.code > y.code ? 1 : 0));
    // The catalogue is small (hundreds of rows): folding accents in memory beats a trigram index here.
    if (filter?.search?.trim()) {
      const words = foldVietnamese(filter.search).split(/\s+/).filter(Boolean);
      rows = rows.filter((r) => {
        const hay = foldVietnamese(`${r.code} ${r.name} ${r.field}`);
        return words.every((w) => hay.includes(w));
      });
    }
    const page = rows.slice(0, limit);
    return {
      edges: page.map((node) => ({ cursor: encodeCursor([node.code]), node: node as unknown as ProcedureType })),
      pageInfo: { hasNextPage: rows.length > limit, endCursor: page.length ? encodeCursor([page[page.length - 1].code]) : null },
    };
  }

  @Query(() => ProcedureType, { nullable: true })
  async procedure(@Ctx() ctx: GraphQLContext, @Arg('code') code: string): Promise<ProcedureView | null> {
    const rows = await query<ProcedureView>(ctx.em, `${PROCEDURE_SQL} where code = $1 and active and module_name = any($2::text[])`, [code, ctx.services.modules.names]);
    return rows[0] ?? null;
  }

  @FieldResolver(() => AgencyType)
  agency(@Root() p: ProcedureView, @Ctx() ctx: GraphQLContext) {
    return ctx.services.reference.agency(p.agencyId);
  }

  @FieldResolver(() => ProcessingTimeType)
  processingTime(@Root() p: ProcedureView): ProcessingTimeType {
    const amount = Number(p.processingAmount);
    const label = p.processingUnit === DurationUnit.SAME_DAY ? 'Trong ngày' : `${amount.toLocaleString('vi-VN')} ${UNIT_LABELS[p.processingUnit]}`;
    return { amount, unit: p.processingUnit, label };
  }

  @FieldResolver(() => Float, { description: 'Sum of the fees and charges in VND an applicant of this kind pays (default: an individual).' })
  totalFeeVnd(@Root() p: ProcedureView, @Arg('applicantKind', () => ApplicantKind, { defaultValue: ApplicantKind.PERSON }) applicantKind: ApplicantKind): number {
    return feesFor(p.fees, applicantKind).reduce((s, f) => s + f.amountVnd, 0);
  }

  @FieldResolver(() => WorkflowType, { description: 'The workflow the procedure follows: states and actions.' })
  workflow(@Root() p: ProcedureView, @Ctx() ctx: GraphQLContext): WorkflowType {
    return toWorkflowType(ctx.services.modules.workflow(p.workflowKey));
  }
}
