import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { ALL_MODULES } from '../modules';
import { Role } from '../src/auth/roles';
import { openOrm } from '../src/db/orm';
import { agencyDesk, createDemoAccounts } from '../src/kernel/demo-staff';
import { ormParts } from '../src/kernel/entities';
import { selectModules } from '../src/kernel/registry';
import { BENCH_ADMIN_URL, BENCH_AGENCY, BENCH_ANALYST, BENCH_DB, BENCH_DOSSIERS, BENCH_OFFICER, benchDbUrl } from './bench-config';
import { seedPeerData } from './seed-peer-data';

/**
 * Benchmark data: a fresh database `onedoor_bench` (migrations + reference data, via
 * scripts/prepare-template-db.ts), two demo accounts, then 100,000 dossiers with 5 history
 * entries each generated in SQL (generate_series / INSERT … SELECT), then the files, payments,
 * incoming documents and parcels the peer benchmark reads (bench/seed-peer-data.ts). Idempotent: the database
 * is dropped and recreated on every run.
 *
 *   node -r @swc-node/register bench/seed-bench-data.ts [adminUrl] [dbName] [dossiers]
 */

/**
 * One final state per path: five steps (action, from, to) the standard workflow really allows.
 * The last `to` is the dossier's state; `nationalStatus` is the workflow's mapping of it.
 * `payment` paths only exist in the standard workflow (land procedures).
 */
const PATHS: { state: string; nationalStatus: number; open: boolean; payment?: boolean; steps: [string, string | null, string][] }[] = [
  { state: 'RECEIVED', nationalStatus: 2, open: true, steps: [['submit', null, 'NEW'], ['receive', 'NEW', 'RECEIVED'], ['apologize', 'RECEIVED', 'RECEIVED'], ['apologize', 'RECEIVED', 'RECEIVED'], ['apologize', 'RECEIVED', 'RECEIVED']] },
  { state: 'APPRAISING', nationalStatus: 4, open: true, steps: [['receive', null, 'RECEIVED'], ['assign', 'RECEIVED', 'APPRAISING'], ['requestSupplement', 'APPRAISING', 'SUPPLEMENT_REQUESTED'], ['submitSupplement', 'SUPPLEMENT_REQUESTED', 'APPRAISING'], ['assign', 'APPRAISING', 'APPRAISING']] },
  { state: 'AWAITING_APPROVAL', nationalStatus: 4, open: true, steps: [['receive', null, 'RECEIVED'], ['assign', 'RECEIVED', 'APPRAISING'], ['requestSupplement', 'APPRAISING', 'SUPPLEMENT_REQUESTED'], ['submitSupplement', 'SUPPLEMENT_REQUESTED', 'APPRAISING'], ['submitForApproval', 'APPRAISING', 'AWAITING_APPROVAL']] },
  { state: 'SUPPLEMENT_REQUESTED', nationalStatus: 5, open: true, steps: [['receive', null, 'RECEIVED'], ['assign', 'RECEIVED', 'APPRAISING'], ['submitForApproval', 'APPRAISING', 'AWAITING_APPROVAL'], ['sendBack', 'AWAITING_APPROVAL', 'APPRAISING'], ['requestSupplement', 'APPRAISING', 'SUPPLEMENT_REQUESTED']] },
  { state: 'PAYMENT_REQUESTED', nationalStatus: 6, open: true, payment: true, steps: [['receive', null, 'RECEIVED'], ['assign', 'RECEIVED', 'APPRAISING'], ['requestSupplement', 'APPRAISING', 'SUPPLEMENT_REQUESTED'], ['submitSupplement', 'SUPPLEMENT_REQUESTED', 'APPRAISING'], ['requestPayment', 'APPRAISING', 'PAYMENT_REQUESTED']] },
  { state: 'WITHDRAWN', nationalStatus: 7, open: false, steps: [['submit', null, 'NEW'], ['receive', 'NEW', 'RECEIVED'], ['assign', 'RECEIVED', 'APPRAISING'], ['requestSupplement', 'APPRAISING', 'SUPPLEMENT_REQUESTED'], ['withdraw', 'SUPPLEMENT_REQUESTED', 'WITHDRAWN']] },
  { state: 'STOPPED', nationalStatus: 8, open: false, steps: [['receive', null, 'RECEIVED'], ['assign', 'RECEIVED', 'APPRAISING'], ['requestSupplement', 'APPRAISING', 'SUPPLEMENT_REQUESTED'], ['submitSupplement', 'SUPPLEMENT_REQUESTED', 'APPRAISING'], ['stop', 'APPRAISING', 'STOPPED']] },
  { state: 'RESULT_READY', nationalStatus: 9, open: false, steps: [['submit', null, 'NEW'], ['receive', 'NEW', 'RECEIVED'], ['assign', 'RECEIVED', 'APPRAISING'], ['submitForApproval', 'APPRAISING', 'AWAITING_APPROVAL'], ['approve', 'AWAITING_APPROVAL', 'RESULT_READY']] },
  { state: 'RETURNED', nationalStatus: 10, open: false, steps: [['receive', null, 'RECEIVED'], ['assign', 'RECEIVED', 'APPRAISING'], ['submitForApproval', 'APPRAISING', 'AWAITING_APPROVAL'], ['approve', 'AWAITING_APPROVAL', 'RESULT_READY'], ['returnResult', 'RESULT_READY', 'RETURNED']] },
];

const lit = (s: string | null) => (s === null ? 'null' : `'${s.replaceAll("'", "''")}'`);

/** The whole generation, run in one transaction. */
function generationSql(count: number, busyAgency: string): string[] {
  const paths = PATHS.map((p, i) => `(${i}, ${lit(p.state)}, ${p.nationalStatus}, ${p.open}, ${!!p.payment}, ${lit(p.steps[0][0])})`).join(',\n      ');
  const steps = PATHS.flatMap((p, i) => p.steps.map(([a, f, t], k) => `(${i}, ${k}, ${lit(a)}, ${lit(f)}, ${lit(t)})`)).join(',\n      ');
  const sql = [
    `select setseed(0.20161209)`,
    `create temp table b_path (n int, state text, national_status smallint, open boolean, payment boolean, first_action text) on commit drop`,
    `insert into b_path values\n      ${paths}`,
    `create temp table b_step (n int, k int, action text, from_state text, to_state text) on commit drop`,
    `insert into b_step values\n      ${steps}`,
    // Procedures of the busy agency (60 %) and of every other agency (40 %), numbered per group.
    `create temp table b_proc on commit drop as
      select p.id, p.agency_id, a.code as agency_code, a.unit_id, p.workflow_key, p.processing_amount, p.processing_unit::text as unit,
             (a.code = $2) as busy, row_number() over (partition by a.code = $2 order by p.code) - 1 as k
      from procedure p join agency a on a.id = p.agency_id where p.active`,
    `create temp table b_names (k int, name text) on commit drop`,
    `insert into b_names select row_number() over () - 1, s || ' ' || g
      from unnest(array['Nguyễn','Trần','Lê','Phạm','Hoàng','Huỳnh','Phan','Vũ','Võ','Đặng','Bùi','Đỗ','Hồ','Ngô','Dương','Lý']) s,
           unnest(array['Văn Hùng','Thị Lan','Minh Châu','Quốc Bảo','Thị Hạnh','Đức Thắng','Ngọc Ánh','Thanh Tùng','Thị Mỹ','Hữu Nghĩa','Văn Tâm','Thị Nhàn']) g`,
    // One row per dossier with everything the inserts below need.
    `create temp table b on commit drop as
      with base as (
        select i,
               now() - (random() * interval '1095 days') as submitted_at,
               random() as r_state, random() as r_gap, random() as r_misc
        from generate_series(1, $1::int) i
      ), picked as (
        select base.*, p.id as procedure_id, p.agency_id, p.agency_code, p.unit_id, p.workflow_key, p.processing_amount, p.unit,
               case when (base.i % 10) = 0 and not p.busy then (select id from agency where code = '000.00.01.H37') else p.agency_id end as receiving_agency_id
        from base
        join lateral (
          select * from b_proc
          where busy = ((base.i % 10) >= 4)
            and k = (base.i / 10) % (select count(*) from b_proc x where x.busy = ((base.i % 10) >= 4))
        ) p on true
      ), staged as (
        select picked.*,
               -- Older dossiers are mostly finished; the last 45 days hold the open ones.
               (case
                 when submitted_at > now() - interval '45 days' then
                   case when r_state < 0.15 then 0 when r_state < 0.45 then 1 when r_state < 0.60 then 2 when r_state < 0.72 then 3
                        when r_state < 0.80 then (case when workflow_key = 'standard' then 4 else 1 end) when r_state < 0.90 then 7 else 8 end
                 else
                   case when r_state < 0.04 then 5 when r_state < 0.06 then 6 when r_state < 0.10 then 7 else 8 end
               end) as path,
               -- Steps are spaced evenly, the last one before now.
               least(interval '2 days', (now() - submitted_at) / 6) * (0.3 + 0.7 * r_gap) as gap
        from picked
      )
      select s.*,
             (lpad(to_hex((extract(epoch from s.submitted_at) * 1000)::bigint), 12, '0') || '7' || substr(md5(s.i::text || 'a'), 1, 3)
               || substr('89ab', 1 + s.i % 4, 1) || substr(md5(s.i::text || 'b'), 1, 15))::uuid as id,
             bp.state, bp.national_status, bp.open, bp.first_action,
             s.submitted_at + 4 * s.gap as last_at,
             (select id from admin_unit u where u.level = 'COMMUNE' order by u.code, u.name offset s.i % 15 limit 1) as admin_unit_id
      from staged s join b_path bp on bp.n = s.path`,
    `create index on b (id)`,
    `insert into dossier (id, code, procedure_id, receiving_agency_id, holding_agency_id, admin_unit_id, applicant_kind, applicant_name,
        applicant_id_number, applicant_email, applicant_phone, applicant_address, applicant_account_id, channel, state, national_status,
        assignee_id, submitted_at, received_at, due_at, original_due_at, paused_at, finished_at, returned_at, closed_at, form_data, version, updated_at, lookup_secret)
      select b.id,
             ra.code || '-' || to_char(b.submitted_at at time zone 'Asia/Ho_Chi_Minh', 'YYMMDD') || '-'
               || lpad((row_number() over (partition by b.receiving_agency_id, (b.submitted_at at time zone 'Asia/Ho_Chi_Minh')::date order by b.submitted_at, b.i))::text, 4, '0'),
             b.procedure_id, b.receiving_agency_id, b.agency_id, b.admin_unit_id,
             case when b.i % 9 = 0 then 'ORGANIZATION'::applicant_kind else 'PERSON'::applicant_kind end,
             case when b.i % 9 = 0 then 'Công ty TNHH Thương mại Lâm Đồng ' || (b.i % 500) else (select name from b_names where k = b.i % 192) end,
             case when b.i % 9 = 0 then lpad((5800000000 + b.i)::text, 10, '0') else '068' || (b.i % 4) || lpad((b.i % 100)::text, 2, '0') || lpad((b.i::bigint * 7919 % 1000000)::text, 6, '0') end,
             case when b.i % 3 = 0 then 'hoso' || b.i || '@example.vn' end,
             '09' || lpad((b.i::bigint * 104729 % 100000000)::text, 8, '0'),
             (b.i % 200 + 1) || ' Đường Trần Phú, Đà Lạt',
             null,
             (case when b.first_action = 'submit' then 'ONLINE' when b.i % 7 = 0 then 'POST' else 'COUNTER' end)::channel,
             b.state, b.national_status,
             case when b.agency_code = $2 then (select a.id from account a where a.username = 'landreg.specialist') end,
             b.submitted_at,
             b.submitted_at + case when b.first_action = 'submit' then b.gap else interval '0' end,
             b.submitted_at + (case when b.unit = 'CALENDAR_DAYS' then b.processing_amount * interval '1 day'
                                    when b.unit = 'SAME_DAY' then interval '8 hours'
                                    else b.processing_amount * interval '1.4 days' end),
             b.submitted_at + (case when b.unit = 'CALENDAR_DAYS' then b.processing_amount * interval '1 day'
                                    when b.unit = 'SAME_DAY' then interval '8 hours'
                                    else b.processing_amount * interval '1.4 days' end),
             case when b.state in ('SUPPLEMENT_REQUESTED', 'PAYMENT_REQUESTED') then b.last_at end,
             case when b.state = 'RESULT_READY' then b.last_at when b.state = 'RETURNED' then b.last_at - b.gap end,
             case when b.state = 'RETURNED' then b.last_at end,
             case when b.state in ('WITHDRAWN', 'STOPPED') then b.last_at end,
             case when b.agency_code = $2 then jsonb_build_object('soThua', b.i % 997, 'soToBanDo', b.i % 61, 'dienTich', round((50 + b.r_misc * 950)::numeric, 1)) end,
             1,
             b.last_at,
             translate(upper(substr(md5(b.id::text), 1, 10)), '01', 'QR')
      from b join agency ra on ra.id = b.receiving_agency_id`,
    // History: five increasing steps per dossier.
    `insert into dossier_history (dossier_id, at, actor_id, actor_name, agency_id, action, from_state, to_state, note, data)
      select b.id, b.submitted_at + s.k * b.gap + (s.k * interval '1 second'),
             null,
             case when s.action in ('submit', 'withdraw', 'submitSupplement') then (select name from b_names where k = b.i % 192)
                  when s.action in ('approve', 'stop', 'sendBack') then 'Hoàng Văn Lâm'
                  when s.action in ('assign', 'receive', 'returnResult') then 'Võ Thị Mai Anh'
                  else 'Đặng Quốc Bảo' end,
             case when s.action in ('submit', 'withdraw', 'submitSupplement') then null else b.agency_id end,
             s.action, s.from_state, s.to_state,
             case when s.action in ('requestSupplement', 'withdraw', 'stop', 'sendBack', 'apologize') then 'Ghi chú bước ' || (s.k + 1) || ' của hồ sơ ' || b.i end,
             jsonb_build_object('step', s.k + 1)
      from b join b_step s on s.n = b.path
      order by b.submitted_at, b.id, s.k`,
    `insert into dossier_agency_stint (id, dossier_id, agency_id, started_at, ended_at)
      select gen_random_uuid(), b.id, b.agency_id, b.submitted_at, null from b
      union all
      select gen_random_uuid(), b.id, b.receiving_agency_id, b.submitted_at, b.submitted_at from b where b.receiving_agency_id <> b.agency_id`,
    // Keep the per-day code counters in step, so receptions after the seed get fresh numbers.
    `insert into dossier_code_counter (agency_id, day, last)
      select receiving_agency_id, (submitted_at at time zone 'Asia/Ho_Chi_Minh')::date, count(*) from dossier group by 1, 2
      on conflict (agency_id, day) do update set last = excluded.last`,
  ];
  // `$1` = number of dossiers, `$2` = the busy agency's code, inlined as literals.
  return sql.map((s) => s.replaceAll('$1', String(Math.trunc(count))).replaceAll('$2', lit(busyAgency)));
}

async function main(): Promise<void> {
  const adminUrl = process.argv[2] ?? BENCH_ADMIN_URL;
  const name = process.argv[3] ?? BENCH_DB;
  const count = Number(process.argv[4] ?? BENCH_DOSSIERS);
  const url = benchDbUrl(adminUrl, name);
  const t0 = Date.now();
  const lap = (what: string) => console.log(`${what.padEnd(52)} ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // 1. Drop/recreate with migrations and reference data (its own process: MikroORM globals).
  const root = path.resolve(__dirname, '..');
  execFileSync(process.execPath, ['-r', '@swc-node/register', 'scripts/prepare-template-db.ts', adminUrl, name], { cwd: root, stdio: 'inherit' });
  lap(`database ${name}: migrations + reference data`);

  // 2. Accounts that can log in (the land registration office desk and an analyst).
  const orm = await openOrm(url, ormParts(selectModules(ALL_MODULES)));
  try {
    await createDemoAccounts(orm.em.fork(), [
      ...agencyDesk('landreg', BENCH_AGENCY, ['Võ Thị Mai Anh', 'Đặng Quốc Bảo', 'Hoàng Văn Lâm']),
      { username: BENCH_ANALYST, fullName: 'Trương Thị Phân Tích', role: Role.ANALYST },
    ]);
  } finally {
    await orm.close(true);
  }
  lap(`accounts (${BENCH_OFFICER}, ${BENCH_ANALYST}; password DEMO_PASSWORD)`);

  // 3. Dossiers, history, stints in one transaction of plain SQL.
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    await db.query('begin');
    for (const sql of generationSql(count, BENCH_AGENCY)) await db.query(sql);
    // Newer schemas keep the agencies that may see a dossier in `dossier_access` (filled by the
    // service on write, and by its migration only for rows that existed when it ran).
    const { rows: access } = await db.query(`select to_regclass('dossier_access') is not null as present`);
    if (access[0].present) {
      await db.query(`insert into dossier_access (agency_id, dossier_id, submitted_at)
        select distinct s.agency_id, s.dossier_id, d.submitted_at from dossier_agency_stint s join dossier d on d.id = s.dossier_id
        on conflict do nothing`);
    }
    await db.query('commit');
    lap(`${count} dossiers × 5 history entries`);
    await db.query('vacuum analyze');
    lap('vacuum analyze');
    await seedPeerData(url);
    lap('files, payments, incoming documents, parcels (bench/seed-peer-data.ts)');
    const { rows } = await db.query(`select
        (select count(*) from dossier)::int as dossiers,
        (select count(*) from dossier_history)::int as history,
        (select count(*) from dossier_agency_stint)::int as stints,
        (select case when to_regclass('dossier_access') is null then null else (xpath('/row/n/text()', query_to_xml('select count(*) as n from dossier_access', false, true, '')))[1]::text::int end) as access,
        (select count(*) from dossier d join agency a on a.id = d.holding_agency_id where a.code = $1)::int as busy,
        (select count(distinct national_status) from dossier)::int as statuses,
        (select min(submitted_at)::date || ' … ' || max(submitted_at)::date from dossier) as span,
        pg_size_pretty(pg_database_size(current_database())) as size`, [BENCH_AGENCY]);
    console.log(rows[0]);
  } catch (e) {
    await db.query('rollback').catch(() => undefined);
    throw e;
  } finally {
    await db.end();
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
