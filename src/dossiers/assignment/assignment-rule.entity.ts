import { Check, Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Rel } from '@mikro-orm/core';
import { uuidv7 } from '../../db/ids';
import { Agency } from '../../org/agency.entity';

/**
 * An agency's rule for assigning received dossiers (issue 19, "assignment by jurisdiction and
 * workload"): dossiers filed under given administrative units (or any unit below them) and/or of
 * given procedures go to the least-loaded of the named officers (a team of one is "this officer"),
 * or, when no officer is named, to the least-loaded specialist of the agency. An empty list matches
 * everything. Rules are tried by `priority` (lowest first, then creation): the first that matches
 * and leaves an active specialist to assign to applies (`eligible-officers.ts`).
 */
@Entity({ tableName: 'assignment_rule' })
@Index({ name: 'assignment_rule_agency_idx', properties: ['agency', 'priority', 'createdAt'] })
@Check({ name: 'assignment_rule_name_check', expression: '(char_length(name) >= 1) AND (char_length(name) <= 200)' })
@Check({ name: 'assignment_rule_priority_check', expression: '(priority >= 0) AND (priority <= 10000)' })
export class AssignmentRule {
  [OptionalProps]?: 'id' | 'version' | 'createdAt' | 'updatedAt' | 'unitIds' | 'procedureCodes' | 'officerIds';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** The agency whose received dossiers the rule assigns (the holding agency at reception). */
  @ManyToOne(() => Agency)
  agency!: Rel<Agency>;

  @Property({ type: 'text' })
  name!: string;

  /** Lowest first. */
  @Property({ type: 'integer' })
  priority!: number;

  /** Administrative units (ids) in the agency's jurisdiction; a dossier filed under one of them or a unit below matches. Empty: any unit. */
  @Property({ type: 'text[]', default: '{}' })
  unitIds: string[] = [];

  /** Procedure codes of the agency's catalogue. Empty: any procedure. */
  @Property({ type: 'text[]', default: '{}' })
  procedureCodes: string[] = [];

  /** The team: specialists (account ids) of the agency. Empty: every specialist of the agency. */
  @Property({ type: 'text[]', default: '{}' })
  officerIds: string[] = [];

  @Property({ type: 'integer', version: true })
  version!: number;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();
}
