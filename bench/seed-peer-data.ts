import { Client } from 'pg';
import { BENCH_ADMIN_URL, BENCH_AGENCY, BENCH_DB, benchDbUrl } from './bench-config';

/**
 * The rows the peer benchmark (bench/peer/peer.bench.ts) reads besides dossiers and history, added
 * on top of the seeded bench database in one transaction, in the shapes the application writes:
 *
 * - files: 20 stored files (content-addressed by SHA-256, as `stored_file`), three of them
 *   attached (`dossier_file`, components TP1–TP3) to every dossier the land registration office
 *   holds, uploaded at submission;
 * - payments: one `payment_order` per land dossier that reached a payment (PENDING while the
 *   dossier waits in PAYMENT_REQUESTED, PAID for those with a result), its items the procedure's
 *   own fees as `src/payments/payables.ts` lists them (`kernel`, `<procedure>#<n>`);
 * - documents: 20,000 ISSUED, non-secret official documents of the other agencies delivered to
 *   the land registration office over three years (its sổ văn bản đến, arrival numbers per year);
 * - parcels: 30 map sheets × 100 parcels in each commune (`land_parcel`).
 *
 * Idempotent: does nothing when the documents are already there (`--force` is not offered: reseed
 * the whole database with bench/seed-bench-data.ts instead).
 *
 *   node -r @swc-node/register bench/seed-peer-data.ts [dbUrl]
 */
export async function seedPeerData(url: string, busyAgency = BENCH_AGENCY): Promise<boolean> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const { rows } = await db.query(`select exists (select 1 from document_recipient r join agency a on a.id = r.agency_id where a.code = $1) as seeded`, [busyAgency]);
    if (rows[0].seeded) return false;
    await db.query('begin');
    for (const sql of PEER_SQL) await db.query(sql.replaceAll('$busy', `'${busyAgency.replaceAll("'", "''")}'`));
    await db.query('commit');
    await db.query('vacuum analyze stored_file, dossier_file, payment_order, official_document, document_recipient, land_parcel');
    return true;
  } catch (e) {
    await db.query('rollback').catch(() => undefined);
    throw e;
  } finally {
    await db.end();
  }
}

const PEER_SQL = [
  `select setseed(0.16)`,
  // Files: small PDFs-to-be (the bench reads metadata only), addressed by their SHA-256 like the upload path does.
  `insert into stored_file (sha256, size, media_type, content, created_at)
    select encode(sha256(c), 'hex'), length(c), 'application/pdf', c, now() - interval '3 years'
    from (select convert_to(repeat('%PDF-1.7 OneDoor bench file ' || g || E'\\n', 40 + g), 'UTF8') as c from generate_series(1, 20) g) x
    on conflict do nothing`,
  `create temp table p_file on commit drop as select row_number() over (order by sha256) - 1 as k, sha256 from stored_file`,
  `insert into dossier_file (id, dossier_id, file_sha256, name, component_code, uploaded_by_id, uploaded_at)
    select gen_random_uuid(), d.id, f.sha256,
           (array['Đơn đăng ký biến động đất đai.pdf', 'Giấy chứng nhận đã cấp (bản gốc).pdf', 'Hợp đồng chuyển nhượng (công chứng).pdf'])[c.n],
           'TP' || c.n, null, d.submitted_at + c.n * interval '1 second'
    from dossier d
    join agency a on a.id = d.holding_agency_id and a.code = $busy
    cross join generate_series(1, 3) c(n)
    join p_file f on f.k = (abs(hashtext(d.id::text)) + c.n) % 20`,
  // Payments: the procedure's own fees, as payables.ts lists them for a person or an organisation.
  `insert into payment_order (id, txn_ref, dossier_id, gateway, amount_vnd, items, status, gateway_transaction_no, bank_code, response_code,
      created_by_name, created_at, expires_at, paid_at, applied_at, apply_problem, version)
    select gen_random_uuid(), 'OD' || upper(substr(md5(d.id::text), 1, 14)), d.id, 'vnpay', it.total, it.items,
           case when d.state = 'PAYMENT_REQUESTED' then 'PENDING' else 'PAID' end,
           case when d.state = 'PAYMENT_REQUESTED' then null else '14' || lpad((abs(hashtext(d.id::text)) % 100000000)::text, 8, '0') || substr(md5(d.id::text), 20, 4) end,
           case when d.state = 'PAYMENT_REQUESTED' then null else 'NCB' end,
           case when d.state = 'PAYMENT_REQUESTED' then null else '00' end,
           d.applicant_name, pay.at, pay.at + interval '15 minutes',
           case when d.state = 'PAYMENT_REQUESTED' then null else pay.at + interval '3 minutes' end,
           case when d.state = 'PAYMENT_REQUESTED' then null else pay.at + interval '3 minutes' end,
           null, 1
    from dossier d
    join procedure p on p.id = d.procedure_id and p.workflow_key = 'standard'
    join agency a on a.id = d.holding_agency_id and a.code = $busy
    cross join lateral (select coalesce(d.finished_at, d.paused_at, d.updated_at) - interval '1 hour' as at) pay
    cross join lateral (
      select jsonb_agg(jsonb_build_object('module', 'kernel', 'ref', p.code || '#' || f.n, 'label', f.fee ->> 'name', 'amountVnd', (f.fee ->> 'amountVnd')::int) order by f.n) as items,
             sum((f.fee ->> 'amountVnd')::int) as total
      from jsonb_array_elements(p.fees) with ordinality f(fee, n)
      where f.fee -> 'applicantKinds' is null or f.fee -> 'applicantKinds' ? d.applicant_kind::text
    ) it
    where d.state in ('PAYMENT_REQUESTED', 'RESULT_READY', 'RETURNED') and it.total > 0`,
  // Incoming documents: issued by the other agencies, delivered to the busy one, numbered per issuer and year.
  `create temp table p_doc on commit drop as
    with base as (
      select g, now() - (random() * interval '1095 days') as issued_at, random() as r1, random() as r2,
             (select id from agency where code <> $busy order by code offset g % (select count(*) - 1 from agency) limit 1) as issuer_id
      from generate_series(1, 20000) g
    )
    select base.*, gen_random_uuid() as id,
           (array['CV', 'QĐ', 'TB', 'KH', 'BC', 'GM', 'HD', 'TTr'])[1 + (g % 8)] as type_code,
           extract(year from issued_at at time zone 'Asia/Ho_Chi_Minh')::smallint as year,
           (array['NORMAL', 'NORMAL', 'NORMAL', 'KHAN', 'THUONG_KHAN', 'HOA_TOC'])[1 + (g % 6)]::document_urgency as urgency
    from base`,
  `insert into official_document (id, issuer_id, external_issuer_code, external_issuer_name, year, number, notation, type_code, subject, subject_folded,
      language, page_count, place, urgency, secrecy, secret, status, due_at, drafted_by_id, approved_by_id, signed_by_id, signer_position, signer_name,
      issued_at, recalled_at, replaces_id, dossier_id, origin, version, created_at)
    select x.id, x.issuer_id, null, null, x.year,
           row_number() over (partition by x.issuer_id, x.year order by x.issued_at, x.g),
           x.type_code || '-' || coalesce(nullif(ag.abbreviation, ''), 'UBND'), x.type_code,
           s.subject, s.folded, 'vi', 1 + (x.g % 9), 'Lâm Đồng', x.urgency, 'NONE', false, 'ISSUED',
           case when x.r2 < 0.4 then x.issued_at + interval '10 days' end,
           (select id from account order by username limit 1), null, null, 'Phó Giám đốc', 'Nguyễn Văn An',
           x.issued_at, null, null, null, 'ONEDOOR', 1, x.issued_at - interval '2 days'
    from p_doc x join agency ag on ag.id = x.issuer_id
    cross join lateral (select (array['Về việc phối hợp cập nhật biến động đất đai tại phường ', 'Về việc rà soát hồ sơ cấp Giấy chứng nhận quyền sử dụng đất tại phường ',
                                      'Về việc đôn đốc giải quyết hồ sơ quá hạn tại phường ', 'Về việc cung cấp thông tin thửa đất tại phường '])[1 + (x.g % 4)]
                               || (array['Xuân Hương', 'Lâm Viên', 'Cam Ly', 'Lang Biang'])[1 + (x.g / 4 % 4)] || ' (số ' || x.g || ')' as subject) s0
    cross join lateral (select s0.subject, lower(translate(s0.subject,
      'àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ',
      'aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyydAAAAAAAAAAAAAAAAAEEEEEEEEEEEIIIIIOOOOOOOOOOOOOOOOOUUUUUUUUUUUYYYYYD')) as folded) s`,
  `insert into document_recipient (id, document_id, agency_id, status, delivered_at, acknowledged_at, arrival_number, arrival_year, assignee_id,
      handling_due_at, finished_at, note, version)
    select gen_random_uuid(), x.id, (select id from agency where code = $busy),
           (case when x.issued_at > now() - interval '20 days' then (array['INBOX', 'ACCEPTED', 'PROCESSING'])[1 + (x.g % 3)] else 'DONE' end)::document_recipient_status,
           x.issued_at + interval '2 hours',
           case when x.issued_at > now() - interval '20 days' and x.g % 3 = 0 then null else x.issued_at + interval '5 hours' end,
           case when x.issued_at > now() - interval '20 days' and x.g % 3 = 0 then null
                else row_number() over (partition by extract(year from (x.issued_at + interval '2 hours') at time zone 'Asia/Ho_Chi_Minh') order by x.issued_at, x.g) end,
           case when x.issued_at > now() - interval '20 days' and x.g % 3 = 0 then null
                else extract(year from (x.issued_at + interval '2 hours') at time zone 'Asia/Ho_Chi_Minh')::smallint end,
           null,
           case when x.r1 < 0.5 then x.issued_at + interval '7 days' end,
           case when x.issued_at > now() - interval '20 days' then null else x.issued_at + interval '6 days' end,
           case when x.g % 5 = 0 then 'Chuyển phòng Đăng ký và Cấp Giấy chứng nhận xử lý' end,
           1
    from p_doc x`,
  // Parcels: every commune's register, map order.
  `insert into land_parcel (id, commune_code, commune_id, map_sheet, parcel_number, area_m2, purpose_code, use_until, address, version, created_at)
    select gen_random_uuid(), u.code, u.id, s, n, round((40 + random() * 960)::numeric, 1),
           (array['ODT', 'ONT', 'CLN', 'LUC', 'BHK', 'TMD', 'SKC', 'NTS'])[1 + ((s * 7 + n) % 8)],
           case when (s + n) % 8 in (2, 3, 5, 6) then date '2064-01-01' + ((s * 100 + n) % 3000) end,
           n || ' đường ' || (array['Trần Phú', 'Phan Đình Phùng', 'Hai Bà Trưng', 'Bùi Thị Xuân', 'Nguyễn Văn Trỗi'])[1 + s % 5] || ', ' || u.name,
           1, now() - interval '2 years'
    from admin_unit u cross join generate_series(1, 30) s cross join generate_series(1, 100) n
    where u.level = 'COMMUNE'
    on conflict do nothing`,
];

if (require.main === module) {
  const url = process.argv[2] ?? benchDbUrl(BENCH_ADMIN_URL, BENCH_DB);
  seedPeerData(url)
    .then((added) => console.log(added ? 'peer rows added (files, payments, incoming documents, parcels)' : 'peer rows already there'))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
