/**
 * Who may see petitions and who may read the protected part (the petitioner's identity): the
 * rules of the module in one place, as plain functions of the principal and the petition, and
 * as SQL for the read path (both say the same; the integration tests check them role by role).
 */
import { agenciesWithDesignation, type DesignationDeclaration, Principal, Role } from '../../src/kernel';
import { PetitionClassification } from './entities/petition.entity';
import { PETITION_RULES } from './rules/deadlines';
import { INSPECTORATE_AGENCY_CODES, SECOND_INSTANCE_AGENCY_CODES } from './procedures';
import { PetitionActor } from './workflows';

/**
 * The head of an inspectorate (Chánh Thanh tra) reads denouncers' identities and the access
 * log: a LEADER of the agency who was granted this designation by a system admin (an agency
 * admin can make leaders, never a head).
 */
export const HEAD_DESIGNATION: DesignationDeclaration = {
  key: 'inspectorate.head',
  label: 'Chánh Thanh tra / Head of the inspectorate',
  requiresRole: Role.LEADER,
  agencyCodes: [...INSPECTORATE_AGENCY_CODES],
  confidential: true,
  grantableBy: [Role.SYSTEM_ADMIN],
};

/** The caller's standing towards the inspectorate, computed once per request from the token's roles. */
export interface InspectorateStanding {
  accountId: string | null;
  name: string;
  /** Agencies (ids) where the caller is the head (a LEADER holding {@link HEAD_DESIGNATION}). */
  head: string[];
  /** Agencies where the caller is an inspector (SPECIALIST). */
  inspector: string[];
  reception: string[];
  /** Agencies where the caller handles petitions in any of the three roles above. */
  handling: string[];
  /** Of those, the module's own (inspectorates): where petitions and citizen receptions are recorded. */
  receiving: string[];
  /** Agencies where the caller holds any officer role (agency admins included). */
  officer: string[];
  /** System admins and analysts: every petition, never an identity. */
  observer: boolean;
}

const INSPECTORATE = new Set<string>(INSPECTORATE_AGENCY_CODES);
const SECOND_INSTANCE = new Set<string>(SECOND_INSTANCE_AGENCY_CODES);
const HANDLING = new Set<string>([...INSPECTORATE, ...SECOND_INSTANCE]);

function agencies(p: Principal | undefined, roles: Role[], codes: Set<string> = HANDLING): string[] {
  return [...new Set((p?.roles ?? []).filter((g) => g.agencyId && g.agencyCode && codes.has(g.agencyCode) && roles.includes(g.role)).map((g) => g.agencyId!))];
}

/**
 * The caller's standing. The head is the designated Chánh Thanh tra in the inspectorate, and, in a
 * body above it that resolves second complaints (the UBND tỉnh), its LEADER: the chairman, or a
 * vice-chairman signing on the chairman's behalf (KT. Chủ tịch). No designation there: the kernel
 * lets a module designate only in its own agencies, and only complaints, whose identity is not
 * secret by law, reach that body through this module.
 */
export function standingOf(p: Principal | undefined): InspectorateStanding {
  const designated = agenciesWithDesignation(p, HEAD_DESIGNATION.key);
  return {
    accountId: p?.accountId ?? null,
    name: p ? p.fullName || p.subject : '',
    head: [...agencies(p, [Role.LEADER], INSPECTORATE).filter((a) => designated.includes(a)), ...agencies(p, [Role.LEADER], SECOND_INSTANCE)],
    inspector: agencies(p, [Role.SPECIALIST]),
    reception: agencies(p, [Role.RECEPTION_OFFICER]),
    handling: agencies(p, [Role.LEADER, Role.SPECIALIST, Role.RECEPTION_OFFICER]),
    receiving: agencies(p, [Role.LEADER, Role.SPECIALIST, Role.RECEPTION_OFFICER], INSPECTORATE),
    officer: agencies(p, [Role.LEADER, Role.SPECIALIST, Role.RECEPTION_OFFICER, Role.AGENCY_ADMIN]),
    observer: !!p?.roles.some((g) => g.role === Role.SYSTEM_ADMIN || g.role === Role.ANALYST),
  };
}

/** Sees petitions at all (without identities): the inspectorate's officers and the observers. */
export function mayViewPetitions(s: InspectorateStanding): boolean {
  return s.observer || s.officer.length > 0;
}

/** The facts about a petition that the rules depend on. */
export interface PetitionFacts {
  agencyId: string;
  classification: PetitionClassification;
  anonymous: boolean;
}

/** Whether the identity is secret by law: denunciations, and anonymous letters (whatever they call themselves). */
export function identityConfidential(f: Pick<PetitionFacts, 'classification' | 'anonymous'>): boolean {
  return f.anonymous || PETITION_RULES[f.classification].identityConfidential;
}

/**
 * May read the petitioner's identity: for a denunciation (Law on Denunciations art. 8, 9) the head
 * and the inspectors assigned to it only; for the others the officers handling petitions in the
 * agency (complaints are not secret by law, but the identity is still protected and logged).
 * System admins, analysts, agency admins and other agencies never.
 */
export function mayReadIdentity(s: InspectorateStanding, f: PetitionFacts, assignedAccountIds: readonly string[]): boolean {
  if (identityConfidential(f)) {
    if (s.head.includes(f.agencyId)) return true;
    return !!s.accountId && s.inspector.includes(f.agencyId) && assignedAccountIds.includes(s.accountId);
  }
  return s.handling.includes(f.agencyId);
}

/** What the caller is to a petition, for the actions of {@link PETITION_ACTIONS}. */
export function actorsOf(s: InspectorateStanding, agencyId: string, assignedAccountIds: readonly string[]): Set<PetitionActor> {
  const out = new Set<PetitionActor>();
  if (s.head.includes(agencyId)) out.add(PetitionActor.HEAD);
  if (s.accountId && s.inspector.includes(agencyId) && assignedAccountIds.includes(s.accountId)) out.add(PetitionActor.ASSIGNED_INSPECTOR);
  if (s.reception.includes(agencyId)) out.add(PetitionActor.RECEPTION);
  return out;
}

/** Binds a value as a positional parameter and returns its placeholder. */
export type Bind = (value: unknown) => string;

/**
 * {@link mayReadIdentity} as a SQL predicate over the petition row aliased `alias` (binds the
 * caller's account and agencies through `bind`).
 */
export function identityReadableSql(s: InspectorateStanding, alias: string, bind: Bind): string {
  const confidential = Object.values(PETITION_RULES).filter((r) => r.identityConfidential).map((r) => `'${r.classification}'`).join(', ');
  const me = s.accountId ? `${bind(s.accountId)}::uuid` : 'null::uuid';
  const assigned = `exists (select 1 from inspectorate_petition_inspector ai where ai.petition_id = ${alias}.id and ai.account_id = ${me} and ai.removed_at is null)`;
  return `(case when ${alias}.anonymous or ${alias}.classification in (${confidential})
    then ${alias}.agency_id = any(${bind(s.head)}::uuid[]) or (${alias}.agency_id = any(${bind(s.inspector)}::uuid[]) and ${assigned})
    else ${alias}.agency_id = any(${bind(s.handling)}::uuid[]) end)`;
}

/** Petitions the caller may see at all, as a SQL predicate (true for observers). */
export function petitionVisibleSql(s: InspectorateStanding, alias: string, bind: Bind): string {
  return s.observer ? 'true' : `${alias}.agency_id = any(${bind(s.officer)}::uuid[])`;
}

/** `$n` parameters for {@link query}. */
export class Params {
  readonly values: unknown[] = [];
  readonly bind: Bind = (v) => {
    this.values.push(v);
    return `$${this.values.length}`;
  };
}
