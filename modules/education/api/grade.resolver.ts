import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { ErrorResult, type ModuleContext, requirePrincipal } from '../../../src/kernel';
import { educationAccess } from '../access';
import { correctGrade, enterGrades } from '../services/grade.service';
import { CorrectGradeInput, EnterGradesInput } from './education.inputs';
import { CorrectGradeResult, EnterGradesResult, GradeCorrected, GradeRevisionType, GradesEntered, StudentGradeType } from './education.output';
import { educationLoaders, GradeRevisionView, gradesByIds, GradeView } from './education.queries';

/** Teachers enter grades for their subject in their classes; corrections keep the old value. */
@Resolver(() => StudentGradeType)
export class GradeResolver {
  @Mutation(() => EnterGradesResult, {
    description: 'The teacher of a subject in a class enters one assessment’s scores, all or nothing; each new grade reaches the student’s guardians (contact book).',
  })
  async enterGrades(@Ctx() ctx: ModuleContext, @Arg('input') input: EnterGradesInput): Promise<typeof EnterGradesResult> {
    const p = requirePrincipal(ctx.principal);
    const r = await enterGrades(ctx.em, p, await educationAccess(ctx), input, ctx.services.clock.now());
    if (r instanceof ErrorResult) return r;
    return Object.assign(new GradesEntered(), { grades: await gradesByIds(ctx.em, r.gradeIds), created: r.created, unchanged: r.unchanged, messagesQueued: r.messages });
  }

  @Mutation(() => CorrectGradeResult, { description: 'The subject teacher (or a school admin) corrects a grade with a reason; the old value stays as a revision and guardians are told.' })
  async correctGrade(@Ctx() ctx: ModuleContext, @Arg('input') input: CorrectGradeInput): Promise<typeof CorrectGradeResult> {
    const p = requirePrincipal(ctx.principal);
    const r = await correctGrade(ctx.em, p, await educationAccess(ctx), input, ctx.services.clock.now());
    if (r instanceof ErrorResult) return r;
    const [grade] = await gradesByIds(ctx.em, [r.gradeId]);
    return Object.assign(new GradeCorrected(), { grade, messagesQueued: r.messages });
  }

  @FieldResolver(() => [GradeRevisionType], { description: 'Every value the grade had, oldest first.' })
  async revisions(@Root() g: GradeView, @Ctx() ctx: ModuleContext): Promise<GradeRevisionView[]> {
    return educationLoaders(ctx).revisionsOfGrade.load(g.id);
  }
}
