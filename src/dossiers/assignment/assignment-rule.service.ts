import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { hasRole, hasRoleIn, officerAgencies, Principal } from '../../auth/principal';
import { Role } from '../../auth/roles';
import { Clock } from '../../calendar/clock';
import { isUuid } from '../../db/ids';
import { AgencyNotFound, ErrorResult, NotAuthorized, ValidationFailed, VersionConflict } from '../../graphql/errors';
import { Issues } from '../../graphql/validation';
import { Agency } from '../../org/agency.entity';
import { vietnamLocalDate } from '../timeliness';
import { inTransaction } from '../transaction';
import { AssignmentRule } from './assignment-rule.entity';
import { AssignmentRuleNotFound } from './assignment-rule.errors';

/** The most units, procedures or officers one rule names (each checked one by one). */
const RULE_LIST_MAX = 100;
const NAME_MAX = 200;
const PRIORITY_MAX = 10_000;

/** What an admin writes: the rule's fields. */
export interface RuleFields {
  name: string;
  priority: number;
  unitCodes?: string[] | null;
  procedureCodes?: string[] | null;
  officerIds?: string[] | null;
}

/** An agency's rules are managed by its agency admins and by system admins (issue 19). */
function mayManageRules(p: Principal, agencyId: string): boolean {
  return hasRole(p, Role.SYSTEM_ADMIN) || hasRoleIn(p, Role.AGENCY_ADMIN, agencyId);
}

/** …and read also by its officers (who are told who handles what); never by citizens or other agencies. */
export function mayReadRules(p: Principal, agencyId: string): boolean {
  return mayManageRules(p, agencyId) || officerAgencies(p).includes(agencyId);
}

/** A code or id as the catalogue, the unit list and the accounts write them. */
const CODE = /^[\p{L}\p{N}._-]{1,60}$/u;

/** A list's entries, trimmed; an overlong list, a malformed entry or a duplicate is an issue. */
function list(issues: Issues, field: string, values: string[] | null | undefined): string[] {
  const xs = (values ?? []).map((v) => v.trim());
  if (xs.length > RULE_LIST_MAX) issues.add(field, `Tối đa ${RULE_LIST_MAX} mục / At most ${RULE_LIST_MAX} entries`);
  else if (xs.some((x) => !CODE.test(x))) issues.add(field, 'Mã không hợp lệ / A malformed code');
  else if (new Set(xs).size !== xs.length) issues.add(field, 'Có mục bị trùng / An entry is listed twice');
  return issues.ok ? xs : [];
}

/**
 * Checks a rule against the agency, on `today` (local date): the units exist and are in force
 * that day and lie in the agency's jurisdiction (its own unit or one below it); the procedures
 * are the agency's own (it holds their dossiers at reception); the officers are active and hold
 * the specialist role in the agency. Adds issues; returns the stored form.
 */
async function checkFields(em: EntityManager, agency: Agency, f: RuleFields, today: string, issues: Issues) {
  const name = issues.text('name', f.name, NAME_MAX);
  if (!Number.isInteger(f.priority) || f.priority < 0 || f.priority > PRIORITY_MAX) issues.add('priority', `Số nguyên từ 0 đến ${PRIORITY_MAX} / An integer from 0 to ${PRIORITY_MAX}`);
  const unitCodes = list(issues, 'unitCodes', f.unitCodes);
  const procedureCodes = list(issues, 'procedureCodes', f.procedureCodes);
  const officerIds = list(issues, 'officerIds', f.officerIds);
  if (officerIds.some((id) => !isUuid(id))) issues.add('officerIds', 'Mã cán bộ không hợp lệ / Not an account id');
  if (!issues.ok) return null;
  const run = <T>(sql: string, params: unknown[]) => em.getConnection().execute<T[]>(sql, params, 'all', em.getTransactionContext());
  const units = unitCodes.length
    ? await run<{ id: string; code: string }>(
        `with recursive below as (
           select id from admin_unit where id = ?
           union all select u.id from admin_unit u join below b on u.parent_id = b.id
         )
         select u.id, u.code from admin_unit u where u.code = any(?::text[]) and u.id in (select id from below)
           and u.valid_from <= ?::date and (u.valid_to is null or u.valid_to >= ?::date)`,
        [agency.unit.id, `{${unitCodes.map((c) => `"${c}"`).join(',')}}`, today, today],
      )
    : [];
  const missingUnits = unitCodes.filter((c) => !units.some((u) => u.code === c));
  if (missingUnits.length) {
    issues.add('unitCodes', `Không phải đơn vị hành chính đang có hiệu lực thuộc địa bàn của cơ quan / Not a unit in force in the agency's jurisdiction: ${missingUnits.slice(0, 5).join(', ')}`);
  }
  const procedures = procedureCodes.length
    ? await run<{ code: string }>(`select code from procedure where agency_id = ? and code = any(?::text[])`, [agency.id, `{${procedureCodes.map((c) => `"${c}"`).join(',')}}`])
    : [];
  const missingProcedures = procedureCodes.filter((c) => !procedures.some((p) => p.code === c));
  if (missingProcedures.length) issues.add('procedureCodes', `Không phải thủ tục của cơ quan / Not a procedure of the agency: ${missingProcedures.slice(0, 5).join(', ')}`);
  const officers = officerIds.length
    ? await run<{ id: string }>(
        `select distinct a.id from account a join role_assignment r on r.account_id = a.id
         where a.id = any(?::uuid[]) and a.active and r.role = 'SPECIALIST' and r.agency_id = ?`,
        [`{${officerIds.join(',')}}`, agency.id],
      )
    : [];
  const notOfficers = officerIds.filter((id) => !officers.some((o) => o.id === id));
  if (notOfficers.length) issues.add('officerIds', `Không phải chuyên viên đang hoạt động của cơ quan / Not an active specialist of the agency: ${notOfficers.slice(0, 3).join(', ')}`);
  if (!issues.ok) return null;
  // Stored in the order given (units by id: a code may be reused by a later unit).
  return { name: name!, priority: f.priority, unitIds: unitCodes.map((c) => units.find((u) => u.code === c)!.id), procedureCodes, officerIds };
}

/**
 * Assignment rules as data an agency admin manages (issue 19). Every write checks the whole rule
 * before writing anything, in one transaction that locks the rule it changes and checks the
 * version the admin saw.
 */
export class AssignmentRules {
  constructor(private readonly clock: Clock) {}

  async create(em: EntityManager, p: Principal, agencyCode: string, f: RuleFields): Promise<AssignmentRule | ErrorResult> {
    const agency = await em.findOne(Agency, { code: agencyCode, validTo: null });
    if (!agency) return AgencyNotFound.of(agencyCode);
    if (!mayManageRules(p, agency.id)) return NotAuthorized.of(`manage the assignment rules of ${agency.code}`);
    return inTransaction(em, async (tx) => {
      const issues = new Issues();
      const fields = await checkFields(tx, agency, f, this.today(), issues);
      if (!fields) return ValidationFailed.of(issues.list);
      const now = this.clock.now();
      const rule = tx.create(AssignmentRule, { agency, ...fields, createdAt: now, updatedAt: now });
      await tx.flush();
      return rule;
    });
  }

  async update(em: EntityManager, p: Principal, ruleId: string, expectedVersion: number, f: RuleFields): Promise<AssignmentRule | ErrorResult> {
    return this.change(em, p, ruleId, expectedVersion, async (tx, rule) => {
      const issues = new Issues();
      const fields = await checkFields(tx, await tx.findOneOrFail(Agency, rule.agency.id), f, this.today(), issues);
      if (!fields) return ValidationFailed.of(issues.list);
      Object.assign(rule, fields, { updatedAt: this.clock.now() });
      await tx.flush();
      return rule;
    });
  }

  async delete(em: EntityManager, p: Principal, ruleId: string, expectedVersion: number): Promise<{ ruleId: string } | ErrorResult> {
    return this.change(em, p, ruleId, expectedVersion, async (tx, rule) => {
      tx.remove(rule);
      await tx.flush();
      return { ruleId };
    });
  }

  /** Locks the rule, checks who asks and the version; a rule of another agency is "not found" (it tells nothing). */
  private async change<T>(em: EntityManager, p: Principal, ruleId: string, expectedVersion: number, work: (tx: EntityManager, rule: AssignmentRule) => Promise<T | ErrorResult>): Promise<T | ErrorResult> {
    if (!isUuid(ruleId)) return AssignmentRuleNotFound.of(ruleId);
    if (!Number.isInteger(expectedVersion) || expectedVersion < 1) {
      const issues = new Issues();
      issues.add('expectedVersion', 'Phải là số nguyên dương / Must be a positive integer');
      return ValidationFailed.of(issues.list);
    }
    return inTransaction(em, async (tx) => {
      const rule = await tx.findOne(AssignmentRule, ruleId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!rule || !mayReadRules(p, rule.agency.id)) return AssignmentRuleNotFound.of(ruleId);
      if (!mayManageRules(p, rule.agency.id)) return NotAuthorized.of('manage the assignment rules of this agency');
      if (rule.version !== expectedVersion) return VersionConflict.of(expectedVersion, rule.version, { vi: 'Quy tắc phân công', en: 'assignment rule' });
      return work(tx, rule);
    });
  }

  private today(): string {
    return vietnamLocalDate(this.clock.now());
  }
}
