import { Tx } from '../db/sql';
import { NationalStatus as N } from '../dossiers/national-status';
import { PublishedEvent } from '../outbox/published-event';
import { NotificationPlanner } from './notification-planner';

const DOSSIER = '00000000-0000-0000-0000-000000000001';
const LAND = '00000000-0000-0000-0000-0000000000a1';
const TAX = '00000000-0000-0000-0000-0000000000b2';

/** A transaction that answers the planner's two reads and keeps the kinds it would insert. */
function fakeTx() {
  const planned: { eventId: string; kind: string; channel: string; subject: string }[] = [];
  const tx: Tx = {
    async query(text: string, params: unknown[] = []) {
      if (text.includes('from dossier d')) {
        return [{ id: DOSSIER, code: 'X-1', applicantName: 'Nguyễn Văn An', email: 'an@example.vn', phone: null, channels: ['EMAIL'], language: 'vi', procedureName: 'Đăng ký thế chấp', agencyName: 'Văn phòng đất đai' }] as any;
      }
      if (text.includes('from agency')) return [{ id: LAND, name: 'Văn phòng đất đai' }, { id: TAX, name: 'Cục Thuế' }] as any;
      if (text.startsWith('insert into notification')) {
        const [eventIds, , kinds, channels, , , subjects] = params as string[][];
        eventIds.forEach((eventId, i) => planned.push({ eventId, kind: kinds[i], channel: channels[i], subject: subjects[i] }));
        return eventIds.map((id) => ({ id })) as any;
      }
      return [];
    },
  };
  return { tx, planned };
}

let seq = 0;
function event(payload: Record<string, unknown>): PublishedEvent {
  seq++;
  return {
    id: String(seq), seq, aggregateType: 'Dossier', aggregateId: DOSSIER, type: 'DossierStatusChanged', createdAt: new Date(), requestId: null,
    payload: { holdingAgencyId: LAND, previousHoldingAgencyId: null, effects: [], ...payload },
  };
}

async function kindsOf(...events: PublishedEvent[]): Promise<(string | null)[]> {
  const { tx, planned } = fakeTx();
  await new NotificationPlanner().consume(tx, events);
  return events.map((e) => planned.find((p) => p.eventId === e.id)?.kind ?? null);
}

describe('NotificationPlanner: what the applicant hears (issue 19, defect 6)', () => {
  it('decides by the change of national status and holding agency, whatever the action is called (ARCHITECTURE rule 10)', async () => {
    expect(
      await kindsOf(
        event({ action: 'anyName', fromNationalStatus: N.RECEIVED, nationalStatus: N.PROCESSING }),
        event({ action: 'assign', fromNationalStatus: N.SUPPLEMENT_REQUESTED, nationalStatus: N.PROCESSING }),
        event({ action: 'submitSupplement', fromNationalStatus: N.PROCESSING, nationalStatus: N.WITHDRAWN }),
        event({ action: 'cancelByCitizen', fromNationalStatus: N.NEW, nationalStatus: N.WITHDRAWN }),
        event({ action: 'sendToTax', fromNationalStatus: N.PROCESSING, nationalStatus: N.PROCESSING, holdingAgencyId: TAX, previousHoldingAgencyId: LAND }),
      ),
    ).toEqual(['IN_APPRAISAL', 'RESUMED', 'WITHDRAWN', 'WITHDRAWN', 'TRANSFERRED']);
  });

  it('tells nothing of moves inside processing, nor of a return from payment', async () => {
    expect(
      await kindsOf(
        event({ action: 'assign', fromNationalStatus: N.PROCESSING, nationalStatus: N.PROCESSING }),
        event({ action: 'submitForApproval', fromNationalStatus: N.PROCESSING, nationalStatus: N.PROCESSING }),
        event({ action: 'pay', effects: ['RESUME_CLOCK', 'RECORD_PAYMENT'], fromNationalStatus: N.PAYMENT_REQUESTED, nationalStatus: N.PROCESSING }),
      ),
    ).toEqual([null, null, null]);
  });

  it('plans one message per event: a transfer out of "received" is a transfer; a status that asks something of the applicant comes first', async () => {
    expect(
      await kindsOf(
        event({ fromNationalStatus: N.RECEIVED, nationalStatus: N.PROCESSING, holdingAgencyId: TAX, previousHoldingAgencyId: LAND }),
        event({ fromNationalStatus: N.PROCESSING, nationalStatus: N.PAYMENT_REQUESTED, holdingAgencyId: TAX, previousHoldingAgencyId: LAND }),
      ),
    ).toEqual(['TRANSFERRED', 'PAYMENT_REQUESTED']);
  });

  it('names the agency that holds the dossier at the event, and the one it left', async () => {
    const { tx, planned } = fakeTx();
    await new NotificationPlanner().consume(tx, [event({ fromNationalStatus: N.PROCESSING, nationalStatus: N.PROCESSING, holdingAgencyId: TAX, previousHoldingAgencyId: LAND })]);
    expect(planned).toEqual([expect.objectContaining({ kind: 'TRANSFERRED', channel: 'EMAIL', subject: 'Hồ sơ X-1 đã được chuyển đến Cục Thuế' })]);
  });
});
