import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { ErrorResult, type ModuleContext, requirePrincipal } from '../../../src/kernel';
import { recordAttendance } from '../services/attendance.service';
import { educationAccess } from '../access';
import { RecordAttendanceInput } from './education.inputs';
import { AttendanceRecorded, RecordAttendanceResult } from './education.output';
import { attendanceByIds } from './education.queries';

@Resolver()
export class AttendanceResolver {
  @Mutation(() => RecordAttendanceResult, {
    description: 'A teacher of the class takes the roll of a session; new or changed absences and latenesses reach the guardians (contact book).',
  })
  async recordAttendance(@Ctx() ctx: ModuleContext, @Arg('input') input: RecordAttendanceInput): Promise<typeof RecordAttendanceResult> {
    const p = requirePrincipal(ctx.principal);
    const r = await recordAttendance(ctx.em, p, await educationAccess(ctx), input, ctx.services.clock.now());
    if (r instanceof ErrorResult) return r;
    return Object.assign(new AttendanceRecorded(), { records: await attendanceByIds(ctx.em, r.attendanceIds), changed: r.changed, notified: r.notified, messagesQueued: r.messages });
  }
}
