import DataLoader from 'dataloader';
import { EntityManager } from '@mikro-orm/postgresql';
import { Ctx, Field, FieldResolver, Float, ObjectType, Resolver, Root } from 'type-graphql';
import { query } from '../db/sql';
import { grouped } from '../graphql/grouped';
import { AgencyType } from '../org/org.output';
import { GraphQLContext } from '../server/context';
import { DossierType } from './dossier.output';
import { DossierView } from './dossier.view';
import { StepOutcome, stepMinutesUsed, stepOutcome } from './step-budget';

/** A step as its loader reads it. */
interface StepRow {
  dossierId: string;
  state: string;
  agencyId: string;
  officerName: string | null;
  startedAt: Date;
  endedAt: Date | null;
  budgetMinutes: number | null;
  carriedMinutes: number;
  deadlineAt: Date | null;
  warnedAt: Date | null;
  escalatedAt: Date | null;
}

@ObjectType('ProcessControlStep', {
  description:
    'One row of the process-control slip (phiếu kiểm soát quá trình giải quyết hồ sơ, Circular 01/2018/TT-VPCP Mẫu 02): a workflow step at one agency and holder, its time budget and result, in working time.',
})
export class ProcessControlStepType {
  @Field({ description: 'Workflow state key.' })
  stateKey!: string;

  @Field({ description: 'Vietnamese label of the state.' })
  stateLabel!: string;

  @Field(() => AgencyType, { description: 'The agency holding the dossier during the step.' })
  agency!: AgencyType;

  @Field(() => String, {
    nullable: true,
    description: 'Full name of the specialist the dossier was assigned to during the step, as the paper slip names the officer who received it; no other data of the officer.',
  })
  officerName!: string | null;

  @Field(() => Date)
  startedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'Null while the step is open.' })
  endedAt!: Date | null;

  @Field(() => Float, { nullable: true, description: 'The state’s time budget in working hours; null when it has none.' })
  budgetWorkingHours!: number | null;

  @Field(() => Date, { nullable: true, description: 'When the budget runs out (working time; pushed by a pause of the clock inside the step).' })
  deadlineAt!: Date | null;

  @Field(() => Float, { description: 'Working hours used, before a pause included; the clock stands still while paused.' })
  workingHoursUsed!: number;

  @Field(() => StepOutcome)
  outcome!: StepOutcome;

  @Field(() => Date, { nullable: true, description: 'When the holder was warned that the budget was running out.' })
  warnedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the step was escalated (budget used up).' })
  escalatedAt!: Date | null;
}

/** Every step of each dossier asked for, in one statement per request (no N+1 on lists). */
function stepsLoader(em: EntityManager): DataLoader<string, StepRow[]> {
  return new DataLoader(async (ids) =>
    grouped(ids, await query<StepRow>(em, `select s.dossier_id as "dossierId", s.state, s.agency_id as "agencyId", a.full_name as "officerName",
        s.started_at as "startedAt", s.ended_at as "endedAt", s.budget_minutes as "budgetMinutes", s.carried_minutes as "carriedMinutes",
        s.deadline_at as "deadlineAt", s.warned_at as "warnedAt", s.escalated_at as "escalatedAt"
      from dossier_step s left join account a on a.id = s.assignee_id
      where s.dossier_id = any($1::uuid[]) order by s.started_at, s.id`, [ids]), (r) => r.dossierId),
  );
}

const hours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;

@Resolver(() => DossierType)
export class ProcessControlResolver {
  /**
   * Whoever may see the dossier sees its slip (the root is only ever a dossier the caller may
   * see): the agency and the assigned officer's name per step, as the paper form shows them.
   */
  @FieldResolver(() => [ProcessControlStepType], { description: 'The process-control slip: each step with its holder, budget, deadline, working time used and result, oldest first.' })
  async processControl(@Root() d: DossierView, @Ctx() ctx: GraphQLContext): Promise<ProcessControlStepType[]> {
    const steps = await ctx.loaders.forModule('dossiers.processControl', () => stepsLoader(ctx.em)).load(d.id);
    if (!steps.length) return [];
    const calendar = await ctx.services.calendar.calendar(ctx.em);
    const now = ctx.services.clock.now();
    const workflow = ctx.services.modules.workflow(d.procedure.workflowKey);
    return steps.map((s) => {
      // Only the open step stands at a running pause; the others have ended.
      const times = { ...s, dossierPausedAt: s.endedAt ? null : d.pausedAt };
      const state = workflow.states.find((x) => x.key === s.state);
      return {
        stateKey: s.state,
        stateLabel: state?.label ?? s.state,
        agency: ctx.services.reference.agency(s.agencyId) as unknown as AgencyType,
        // A state held by a role (reception, the leader's signature) is not the assigned specialist's step.
        officerName: state?.heldBy?.length ? null : s.officerName,
        startedAt: s.startedAt,
        endedAt: s.endedAt,
        budgetWorkingHours: s.budgetMinutes === null ? null : hours(s.budgetMinutes),
        deadlineAt: s.deadlineAt,
        workingHoursUsed: hours(stepMinutesUsed(times, now, calendar)),
        outcome: stepOutcome(times, now),
        warnedAt: s.warnedAt,
        escalatedAt: s.escalatedAt,
      };
    });
  }
}
