import { EntityManager } from '@mikro-orm/postgresql';
import { grouped } from '../../graphql/grouped';

/** One officer a dossier may be assigned to, with the rule that made them eligible and their load. */
export interface EligibleOfficer {
  dossierId: string;
  /** The assignment rule that applies to the dossier, or null when none does (every specialist of the agency is eligible). */
  ruleId: string | null;
  ruleName: string | null;
  id: string;
  fullName: string;
  username: string;
  /** Open dossiers assigned to the officer: see {@link OPEN_LOAD}. */
  openDossiers: number;
}

/**
 * An officer's load: the dossiers assigned to them that are neither processed (`finished_at`,
 * status 9 or later) nor closed without a result (refused, withdrawn, stopped). Whatever agency
 * holds them: a transfer clears the assignee (CLEAR_ASSIGNEE), so these are the officer's own.
 * Served by `dossier_open_assignee_idx`.
 */
const OPEN_LOAD = 'o.finished_at is null and o.closed_at is null';

/**
 * Who a dossier may be assigned to — ONE definition for `Dossier.assignableOfficers`, the check
 * of the `assign` action's ASSIGNEE input and the automatic assignment at reception:
 *
 * - the agency's rules are tried by priority, then creation (then id): the first whose procedures
 *   and units match the dossier (a unit matches itself and every unit below it) and whose team
 *   still has an active specialist of the agency applies, and its team (or, when it names none,
 *   every specialist of the agency) is eligible;
 * - when no rule applies, every active specialist of the agency holding the dossier is eligible.
 *
 * Deactivated accounts and accounts that lost the specialist role are never eligible, whatever a
 * rule names. Each list is ordered least loaded first, ties by username then id, so its first
 * officer is the one automatic assignment picks. One statement for any number of dossiers.
 */
export async function eligibleOfficers(em: EntityManager, dossierIds: readonly string[]): Promise<EligibleOfficer[][]> {
  if (!dossierIds.length) return [];
  const rows = await em.getConnection().execute<EligibleOfficer[]>(
    `with recursive d as (
       select x.id, x.holding_agency_id as agency_id, x.admin_unit_id, p.code as procedure_code
       from dossier x join procedure p on p.id = x.procedure_id where x.id = any(?::uuid[])
     ), up as (
       select d.id as dossier_id, u.id as unit_id, u.parent_id, 1 as depth from d join admin_unit u on u.id = d.admin_unit_id
       union all
       select up.dossier_id, u.id, u.parent_id, up.depth + 1 from up join admin_unit u on u.id = up.parent_id where up.depth < 10
     ), specialists as (
       select distinct r.agency_id, a.id, a.full_name, a.username from role_assignment r join account a on a.id = r.account_id
       where r.role = 'SPECIALIST' and a.active and r.agency_id in (select agency_id from d)
     ), chosen as (
       select distinct on (d.id) d.id as dossier_id, ar.id as rule_id, ar.name as rule_name, ar.officer_ids
       from d join assignment_rule ar on ar.agency_id = d.agency_id
       where (cardinality(ar.procedure_codes) = 0 or d.procedure_code = any(ar.procedure_codes))
         and (cardinality(ar.unit_ids) = 0 or exists (select 1 from up where up.dossier_id = d.id and up.unit_id::text = any(ar.unit_ids)))
         and exists (select 1 from specialists s where s.agency_id = d.agency_id and (cardinality(ar.officer_ids) = 0 or s.id::text = any(ar.officer_ids)))
       order by d.id, ar.priority, ar.created_at, ar.id
     ), loads as (
       select o.assignee_id, count(*)::int as n from dossier o
       where o.assignee_id in (select id from specialists) and ${OPEN_LOAD} group by o.assignee_id
     )
     select d.id as "dossierId", c.rule_id as "ruleId", c.rule_name as "ruleName", s.id, s.full_name as "fullName", s.username,
       coalesce(l.n, 0) as "openDossiers"
     from d left join chosen c on c.dossier_id = d.id
     join specialists s on s.agency_id = d.agency_id and (c.officer_ids is null or cardinality(c.officer_ids) = 0 or s.id::text = any(c.officer_ids))
     left join loads l on l.assignee_id = s.id
     order by d.id, "openDossiers", s.username, s.id`,
    [`{${dossierIds.join(',')}}`],
    'all',
    em.getTransactionContext(),
  );
  return grouped(dossierIds, rows, (r) => r.dossierId);
}
