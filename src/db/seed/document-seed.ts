import { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { issuerAbbreviation, localYear } from '../../documents/document.service';
import { foldVietnamese } from '../../documents/document.types';
import { transaction } from '../sql';

const SUBJECTS: Record<string, string[]> = {
  QĐ: ['Quyết định ban hành Kế hoạch cải cách hành chính', 'Quyết định công bố danh mục thủ tục hành chính lĩnh vực đất đai', 'Quyết định thành lập Tổ công tác rà soát thủ tục hành chính', 'Quyết định phê duyệt Đề án chuyển đổi số'],
  KH: ['Kế hoạch kiểm tra công tác cải cách hành chính', 'Kế hoạch tuyên truyền dịch vụ công trực tuyến toàn trình', 'Kế hoạch số hóa hồ sơ, kết quả giải quyết thủ tục hành chính'],
  CV: ['Về việc đôn đốc giải quyết hồ sơ quá hạn', 'Về việc báo cáo kết quả thực hiện Chỉ số 766', 'Về việc góp ý dự thảo quy chế phối hợp một cửa liên thông', 'Về việc cập nhật danh mục thủ tục hành chính'],
  BC: ['Báo cáo kết quả giải quyết thủ tục hành chính quý', 'Báo cáo tình hình tiếp công dân, giải quyết khiếu nại, tố cáo', 'Báo cáo công tác văn thư, lưu trữ'],
  TB: ['Thông báo lịch tiếp công dân định kỳ', 'Thông báo kết luận cuộc họp giao ban', 'Thông báo lịch nghỉ lễ'],
  GM: ['Giấy mời dự Hội nghị sơ kết công tác cải cách hành chính', 'Giấy mời họp rà soát hồ sơ đất đai tồn đọng'],
};
const PROVINCE = '000.00.00.H37';
const DEPARTMENTS = ['000.00.13.H37', '000.00.09.H37', '000.00.07.H37', '000.00.30.H37'];
const COMMUNES = ['000.31.22.H37', '000.32.22.H37'];

/**
 * A year of official documents between the province, its departments and the communes, up to
 * `now`: the committee's decisions, plans and letters down, the units' reports up, each with its
 * recipients at realistic stages (most done, some in progress, a few overdue, rare rejections).
 * Written in bulk (one multi-row insert per table); the numbering counters continue from it.
 */
export async function seedDocuments(em: EntityManager, random: () => number, now: Date, count = 360): Promise<number> {
  const [{ n }] = await em.getConnection().execute<{ n: number }[]>('select count(*)::int as n from official_document');
  if (n) return 0;
  const agencies = new Map(
    (await em.getConnection().execute<{ id: string; code: string; short_name: string; abbreviation: string | null; kind: string }[]>('select id, code, short_name, abbreviation, kind from agency where valid_to is null'))
      .map((a) => [a.code, a]),
  );
  const staff = await em.getConnection().execute<{ account_id: string; agency_id: string; role: string; full_name: string }[]>(
    `select r.account_id, r.agency_id, r.role, a.full_name from role_assignment r join account a on a.id = r.account_id where r.agency_id is not null`,
  );
  const pickStaff = (agencyId: string, role: string) => staff.find((s) => s.agency_id === agencyId && s.role === role) ?? staff.find((s) => s.agency_id === agencyId);
  const senders = [PROVINCE, ...DEPARTMENTS, ...COMMUNES].filter((c) => agencies.has(c) && pickStaff(agencies.get(c)!.id, 'LEADER'));
  if (!senders.includes(PROVINCE)) return 0;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];

  const docs: unknown[][] = [];
  const recipients: unknown[][] = [];
  const traces: unknown[][] = [];
  const counters = new Map<string, number>();
  const arrivals = new Map<string, number>();
  const start = now.getTime() - 365 * 86_400_000;
  // Office hours on working days (08:00–16:00 in Vietnam, 01:00–09:00 UTC).
  const officeTime = (t: number) => {
    const d = new Date(t);
    while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() - 1);
    d.setUTCHours(1, Math.floor(random() * 480), Math.floor(random() * 60), 0);
    return d.getTime();
  };
  const times = Array.from({ length: count }, () => officeTime(start + random() * (now.getTime() - start - 2 * 86_400_000))).sort((a, b) => a - b);
  for (const at of times) {
    // Six in ten documents come from the committee; the rest are the units' reports and letters up.
    const others = senders.filter((c) => c !== PROVINCE);
    const issuerCode = random() < 0.6 || !others.length ? PROVINCE : pick(others);
    const issuer = agencies.get(issuerCode)!;
    const typeCode = issuerCode === PROVINCE ? pick(['QĐ', 'KH', 'CV', 'TB', 'GM']) : pick(['BC', 'CV']);
    const to = issuerCode === PROVINCE ? [...DEPARTMENTS, ...COMMUNES].filter((c) => agencies.has(c) && random() < 0.6) : [PROVINCE];
    if (!to.length) {
      // With a subset of modules running, some departments do not exist here.
      const fallback = [...DEPARTMENTS, ...COMMUNES].find((c) => agencies.has(c));
      if (!fallback) continue;
      to.push(fallback);
    }
    const issuedAt = new Date(at);
    const year = localYear(issuedAt);
    const key = `${issuer.id}|${year}`;
    const number = (counters.get(key) ?? 0) + 1;
    counters.set(key, number);
    const abbreviation = issuerAbbreviation({ abbreviation: issuer.abbreviation, shortName: issuer.short_name, kind: issuer.kind });
    const notation = typeCode === 'CV' ? abbreviation : `${typeCode}-${abbreviation}`;
    const subject = `${pick(SUBJECTS[typeCode])} năm ${year}`;
    const leader = pickStaff(issuer.id, 'LEADER')!;
    const drafter = pickStaff(issuer.id, 'SPECIALIST') ?? leader;
    const id = randomUUID();
    const urgency = random() < 0.15 ? pick(['KHAN', 'THUONG_KHAN']) : 'NORMAL';
    const dueAt = typeCode === 'GM' || typeCode === 'TB' ? null : new Date(at + (7 + Math.floor(random() * 30)) * 86_400_000);
    docs.push([id, issuer.id, year, number, notation, typeCode, subject, foldVietnamese(subject), 1 + Math.floor(random() * 6), urgency, dueAt, drafter.account_id, leader.account_id, leader.full_name, issuedAt]);
    traces.push([id, issuer.id, null, leader.full_name, 'issue', 'SIGNED', 'ISSUED', `${String(number).padStart(2, '0')}/${notation}`, issuedAt]);
    for (const code of to) {
      const unit = agencies.get(code)!;
      const ageDays = (now.getTime() - at) / 86_400_000;
      const roll = random();
      // Older documents are mostly finished; recent ones are still on the desks.
      const status = roll < 0.03 ? 'REJECTED' : ageDays < 3 && roll < 0.5 ? 'INBOX' : ageDays < 20 && roll < 0.4 ? 'PROCESSING' : roll < 0.05 ? 'FAIL' : dueAt ? 'DONE' : 'ACCEPTED';
      const acknowledgedAt = status === 'INBOX' ? null : new Date(at + random() * 8 * 3600_000);
      let arrival: number | null = null;
      if (acknowledgedAt && status !== 'REJECTED') {
        const k = `${unit.id}|${localYear(acknowledgedAt)}`;
        arrival = (arrivals.get(k) ?? 0) + 1;
        arrivals.set(k, arrival);
      }
      const handler = pickStaff(unit.id, 'SPECIALIST');
      const finishedAt = status === 'DONE' || status === 'FAIL' ? new Date(Math.min(now.getTime() - 3600_000, at + (1 + random() * 25) * 86_400_000)) : null;
      recipients.push([randomUUID(), id, unit.id, status, issuedAt, acknowledgedAt, arrival, arrival ? localYear(acknowledgedAt!) : null,
        status === 'PROCESSING' || finishedAt ? handler?.account_id ?? null : null, dueAt, finishedAt, status === 'REJECTED' ? 'Không thuộc thẩm quyền' : status === 'FAIL' ? 'Không đủ điều kiện thực hiện' : null]);
      if (acknowledgedAt) traces.push([id, unit.id, unit.id, pickStaff(unit.id, 'RECEPTION_OFFICER')?.full_name ?? 'Văn thư', status === 'REJECTED' ? 'reject' : 'accept', 'INBOX', status === 'REJECTED' ? 'REJECTED' : 'ACCEPTED', arrival ? `Số đến ${arrival}` : null, acknowledgedAt]);
      if (finishedAt) traces.push([id, unit.id, unit.id, handler?.full_name ?? 'Chuyên viên', 'report', 'PROCESSING', status, null, finishedAt]);
    }
  }

  const columns = (rows: unknown[][]) => rows[0].map((_c, i) => rows.map((r) => r[i]));
  await transaction(em, async (tx) => {
    await tx.query(`insert into official_document (id, issuer_id, year, number, notation, type_code, subject, subject_folded, page_count, urgency, due_at,
        drafted_by_id, approved_by_id, signed_by_id, signer_name, signer_position, issued_at, language, place, secrecy, secret, status, origin, version, created_at)
      select d.id, d.issuer, d.year, d.number, d.notation, d.type_code, d.subject, d.folded, d.pages, d.urgency::document_urgency, d.due_at,
        d.drafter, d.leader, d.leader, d.leader_name, 'Lãnh đạo', d.issued_at, 'vi', 'Lâm Đồng', 'NONE', false, 'ISSUED', 'ONEDOOR', 1, d.issued_at
      from unnest($1::uuid[], $2::uuid[], $3::smallint[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::smallint[], $10::text[], $11::timestamptz[], $12::uuid[], $13::uuid[], $14::text[], $15::timestamptz[])
        as d(id, issuer, year, number, notation, type_code, subject, folded, pages, urgency, due_at, drafter, leader, leader_name, issued_at)`, columns(docs));
    await tx.query(`insert into document_recipient (id, document_id, agency_id, status, delivered_at, acknowledged_at, arrival_number, arrival_year, assignee_id, handling_due_at, finished_at, note, version)
      select r.id, r.doc, r.agency, r.status::document_recipient_status, r.delivered_at, r.ack, r.arrival, r.arrival_year, r.assignee, r.due, r.finished, r.note, 1
      from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::int[], $8::smallint[], $9::uuid[], $10::timestamptz[], $11::timestamptz[], $12::text[])
        as r(id, doc, agency, status, delivered_at, ack, arrival, arrival_year, assignee, due, finished, note)`, columns(recipients));
    await tx.query(`insert into document_trace (document_id, agency_id, recipient_id, actor_name, action, from_status, to_status, note, at)
      select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[])`, columns(traces));
    const counterRows = [...counters].map(([k, last]) => [...k.split('|'), 'REGULAR', last]).concat([...arrivals].map(([k, last]) => [...k.split('|'), 'ARRIVAL', last]));
    await tx.query(`insert into document_counter (agency_id, year, series, last) select * from unnest($1::uuid[], $2::smallint[], $3::text[], $4::int[])
      on conflict (agency_id, year, series) do update set last = greatest(document_counter.last, excluded.last)`, columns(counterRows));
  });
  return docs.length;
}
