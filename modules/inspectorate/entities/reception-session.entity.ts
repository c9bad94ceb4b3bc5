import { Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Rel } from '@mikro-orm/core';
import { Account, Agency, uuidv7 } from '../../../src/kernel';

/** Kinds of citizen reception (Law on Citizen Reception 42/2013/QH13, arts. 12–13, 18). */
export enum ReceptionKind {
  /** Tiếp công dân thường xuyên, by the officers of the reception office. */
  REGULAR = 'REGULAR',
  /** Tiếp công dân định kỳ, by the head in person. */
  PERIODIC_BY_HEAD = 'PERIODIC_BY_HEAD',
  /** Tiếp công dân đột xuất. */
  AD_HOC = 'AD_HOC',
}

/** What came of a reception (Circular 04/2021/TT-TTCP, the reception register). */
export enum ReceptionOutcome {
  /** Explained and guided to the competent body; nothing recorded. */
  GUIDANCE_GIVEN = 'GUIDANCE_GIVEN',
  /** A petition was recorded (see the petitions referencing the session). */
  PETITION_RECORDED = 'PETITION_RECORDED',
  /** Forwarded to the competent body. */
  TRANSFERRED = 'TRANSFERRED',
  /** Answered on the spot. */
  ANSWERED = 'ANSWERED',
  /** Reception refused (Law on Citizen Reception art. 9: e.g. threats, repeated petitions already resolved). */
  RECEPTION_REFUSED = 'RECEPTION_REFUSED',
}

/** One citizen reception (tiếp công dân): when, by whom, where, what was said and what came of it. */
@Entity({ tableName: 'inspectorate_reception_session' })
@Check({ name: 'inspectorate_reception_session_count_check', expression: 'citizen_count >= 1' })
@Check({ name: 'inspectorate_reception_session_summary_check', expression: '(char_length(summary) >= 1) AND (char_length(summary) <= 4000)' })
@Index({ name: 'inspectorate_reception_session_list_idx', properties: ['agency', 'heldOn', 'id'] })
export class ReceptionSession {
  [OptionalProps]?: 'id' | 'createdAt' | 'outcomeNote';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Agency)
  agency!: Rel<Agency>;

  /** The local date of the reception. */
  @Property({ type: 'date' })
  heldOn!: string;

  /** The officer who received the citizens. */
  @ManyToOne(() => Account)
  officer!: Rel<Account>;

  @Property({ type: 'text' })
  officerName!: string;

  @Property({ type: 'text' })
  location!: string;

  @Enum({ items: () => ReceptionKind, nativeEnumName: 'inspectorate_reception_kind' })
  kind!: ReceptionKind;

  /** How many citizens came (a group may name a representative only). */
  @Property({ type: 'smallint' })
  citizenCount!: number;

  /** Nội dung trình bày, in the officer's words. */
  @Property({ type: 'text' })
  summary!: string;

  @Enum({ items: () => ReceptionOutcome, nativeEnumName: 'inspectorate_reception_outcome' })
  outcome!: ReceptionOutcome;

  @Property({ type: 'text', nullable: true })
  outcomeNote?: string | null;

  @ManyToOne(() => Account)
  recordedBy!: Rel<Account>;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

/**
 * A citizen received at a session, by name: protected like a petitioner (readable by the head
 * and the officer who held the session, every read logged).
 */
@Entity({ tableName: 'inspectorate_reception_citizen' })
export class ReceptionCitizen {
  [OptionalProps]?: 'id' | 'identityNumber' | 'address';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => ReceptionSession, { index: true, deleteRule: 'cascade' })
  session!: Rel<ReceptionSession>;

  @Property({ type: 'text' })
  fullName!: string;

  @Property({ type: 'text', nullable: true })
  identityNumber?: string | null;

  @Property({ type: 'text', nullable: true })
  address?: string | null;
}
