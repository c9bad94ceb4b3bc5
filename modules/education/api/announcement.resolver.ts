import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { ErrorResult, type ModuleContext, requirePrincipal } from '../../../src/kernel';
import { publishAnnouncement } from '../services/announcement.service';
import { educationAccess } from '../access';
import { PublishAnnouncementInput } from './education.inputs';
import { AnnouncementPublished, PublishAnnouncementResult, SchoolAnnouncementType } from './education.output';
import { findAnnouncement } from './education.queries';

@Resolver()
export class AnnouncementResolver {
  @Mutation(() => PublishAnnouncementResult, {
    description: 'A parent meeting, event or notice to a class (its homeroom teacher or a school admin) or a school (a school admin); every guardian hears once.',
  })
  async publishAnnouncement(@Ctx() ctx: ModuleContext, @Arg('input') input: PublishAnnouncementInput): Promise<typeof PublishAnnouncementResult> {
    const p = requirePrincipal(ctx.principal);
    const r = await publishAnnouncement(ctx.em, p, await educationAccess(ctx), input, ctx.services.clock.now());
    if (r instanceof ErrorResult) return r;
    const a = await findAnnouncement(ctx.em, r.announcementId);
    return Object.assign(new AnnouncementPublished(), { announcement: Object.assign(new SchoolAnnouncementType(), a), students: r.students, messagesQueued: r.messages });
  }
}
