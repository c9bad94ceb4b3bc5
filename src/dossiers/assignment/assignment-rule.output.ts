import { createUnionType, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { AgencyNotFound, NotAuthorized, ValidationFailed, VersionConflict } from '../../graphql/errors';
import { AdminUnitType, AgencyType } from '../../org/org.output';
import { AssignmentRuleNotFound } from './assignment-rule.errors';

@ObjectType('AssignableOfficer', { description: 'An officer a dossier may be assigned to (the `assign` action’s assigneeId), with their load.' })
export class AssignableOfficerType {
  @Field(() => ID, { description: 'The account id to pass as assigneeId.' })
  id!: string;

  @Field({ description: 'Full name.' })
  fullName!: string;

  @Field(() => Int, { description: 'Open dossiers assigned to them now (neither processed nor closed): the load automatic assignment compares.' })
  openDossiers!: number;

  @Field(() => ID, { nullable: true, description: 'The assignment rule that makes them eligible; null when no rule applies (every active specialist of the holding agency is).' })
  ruleId!: string | null;

  @Field(() => String, { nullable: true, description: 'That rule’s name.' })
  ruleName!: string | null;
}

@ObjectType('AssignmentRuleOfficer', { description: 'An officer a rule names (its team).' })
export class RuleOfficerType {
  @Field(() => ID, { description: 'Account id.' })
  id!: string;

  @Field({ description: 'Full name.' })
  fullName!: string;

  @Field({ description: 'Whether they can be assigned now (active, still a specialist of the agency); others are skipped.' })
  eligible!: boolean;
}

@ObjectType('AssignmentRule', {
  description:
    'An agency’s rule for assigning received dossiers (phân công thụ lý): dossiers of the listed administrative units (or units below them) and procedures go to the least-loaded officer of the team, or of all the agency’s specialists when it names none. Rules are tried by priority; the first that matches and has an eligible officer applies at reception.',
})
export class AssignmentRuleType {
  @Field(() => ID, { description: 'Rule id.' })
  id!: string;

  @Field(() => AgencyType, { description: 'The agency whose dossiers it assigns.' })
  agency!: AgencyType;

  @Field({ description: 'Name shown in the dossier history (“assigned automatically by rule …”).' })
  name!: string;

  @Field(() => Int, { description: 'Lowest first (0–10000); ties by creation.' })
  priority!: number;

  @Field(() => [AdminUnitType], { description: 'Units it applies to (and every unit below them); empty: any unit.' })
  units!: AdminUnitType[];

  @Field(() => [String], { description: 'Procedure codes it applies to; empty: any procedure of the agency.' })
  procedureCodes!: string[];

  @Field(() => [RuleOfficerType], { description: 'The team; empty: every specialist of the agency.' })
  officers!: RuleOfficerType[];

  @Field(() => Int, { description: 'Pass back as expectedVersion to change or delete it.' })
  version!: number;

  @Field(() => Date, { description: 'When it was created.' })
  createdAt!: Date;

  @Field(() => Date, { description: 'When it last changed.' })
  updatedAt!: Date;
}

@InputType({ description: 'The fields of an assignment rule, checked against the agency on today’s date.' })
class AssignmentRuleFieldsInput {
  @Field({ description: '1–200 characters.' })
  name!: string;

  @Field(() => Int, { description: '0–10000, lowest first.' })
  priority!: number;

  @Field(() => [String], { nullable: true, description: 'Codes of administrative units in force today in the agency’s jurisdiction (its unit or below); at most 100.' })
  unitCodes?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Codes of the agency’s own procedures; at most 100.' })
  procedureCodes?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Active specialists of the agency; at most 100. Empty: the least-loaded specialist of the whole agency.' })
  officerIds?: string[] | null;
}

@InputType({ description: 'A new assignment rule.' })
export class CreateAssignmentRuleInput extends AssignmentRuleFieldsInput {
  @Field({ description: 'The agency whose dossiers it assigns (its admins and system admins only).' })
  agencyCode!: string;
}

@InputType({ description: 'A rule’s new fields (all of them), with the version the admin saw.' })
export class UpdateAssignmentRuleInput extends AssignmentRuleFieldsInput {
  @Field(() => ID, { description: 'Rule id.' })
  ruleId!: string;

  @Field(() => Int, { description: 'The version the admin saw.' })
  expectedVersion!: number;
}

@ObjectType({ description: 'The rule as written.' })
export class AssignmentRulePayload {
  @Field(() => AssignmentRuleType, { description: 'The rule.' })
  rule!: AssignmentRuleType;
}

@ObjectType({ description: 'The rule was deleted.' })
export class AssignmentRuleDeleted {
  @Field(() => ID, { description: 'The deleted rule’s id.' })
  ruleId!: string;
}

@ObjectType({ description: 'An agency’s assignment rules, in the order they are tried.' })
export class AssignmentRuleList {
  @Field(() => [AssignmentRuleType], { description: 'By priority, then creation.' })
  rules!: AssignmentRuleType[];
}

export const AssignmentRuleResult = createUnionType({
  name: 'AssignmentRuleResult',
  description: 'The rule written, or why not.',
  types: () => [AssignmentRulePayload, ValidationFailed, NotAuthorized, AgencyNotFound, AssignmentRuleNotFound, VersionConflict] as const,
});

export const AssignmentRuleDeleteResult = createUnionType({
  name: 'AssignmentRuleDeleteResult',
  description: 'The rule deleted, or why not.',
  types: () => [AssignmentRuleDeleted, ValidationFailed, NotAuthorized, AssignmentRuleNotFound, VersionConflict] as const,
});

export const AssignmentRuleListResult = createUnionType({
  name: 'AssignmentRuleListResult',
  description: 'The agency’s rules, or why the caller may not read them.',
  types: () => [AssignmentRuleList, NotAuthorized, AgencyNotFound] as const,
});
