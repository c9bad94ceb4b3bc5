import type { StatisticDeclaration } from '../../src/kernel';
import { PETITION_RULES } from './rules/deadlines';
import { PetitionClassification } from './entities/petition.entity';

/** A month in Vietnam time, and the `[$1, $2]` day range on a timestamp column. */
const month = (col: string) => `date_trunc('month', ${col} at time zone 'Asia/Ho_Chi_Minh')::date`;
const within = (col: string) => `${col} >= ($1::date)::timestamp at time zone 'Asia/Ho_Chi_Minh' and ${col} < ($2::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh'`;

/**
 * Counts over the petition register only: these statements name no protected table (identities,
 * letters, citizens received) and no personal column, so an analyst gets figures and nothing
 * about anyone. A test checks the SQL text.
 */
function count(where: string, at: string): string {
  return `select a.code as agency_code, ${month(at)} as period, p.classification::text as classification, count(*)::numeric as value
      from inspectorate_petition p join agency a on a.id = p.agency_id
      where ${where} and ${within(at)}
      group by 1, 2, 3`;
}

const classification = {
  key: 'classification',
  label: `Phân loại đơn (${Object.values(PetitionClassification).map((c) => `${c}: ${PETITION_RULES[c].label.toLowerCase()}`).join(', ')})`,
};

/**
 * The inspectorate's measures, by classification: petitions received (anonymous letters apart:
 * they are not handled), resolved on time and late against the time limit with its lawful
 * extensions (an extension is not lateness), and anonymous letters recorded.
 */
export const inspectorateStatistics: StatisticDeclaration[] = [
  {
    key: 'inspectorate.petitionsReceived',
    label: 'Số đơn đã tiếp nhận',
    description: 'Petitions received (anonymous letters excluded), per inspectorate, month of receipt and classification.',
    dimensions: [classification],
    sql: count('not p.anonymous', 'p.received_at'),
  },
  {
    key: 'inspectorate.petitionsResolvedOnTime',
    label: 'Số đơn giải quyết đúng hạn',
    description: 'Petitions resolved by their time limit (extensions included), per month of resolution and classification.',
    dimensions: [classification],
    sql: count('p.resolved_at is not null and p.resolved_at <= p.due_at', 'p.resolved_at'),
  },
  {
    key: 'inspectorate.petitionsResolvedLate',
    label: 'Số đơn giải quyết quá hạn',
    description: 'Petitions resolved after their time limit, per month of resolution and classification.',
    dimensions: [classification],
    sql: count('p.resolved_at is not null and p.resolved_at > p.due_at', 'p.resolved_at'),
  },
  {
    key: 'inspectorate.secondComplaintsReceived',
    label: 'Số đơn khiếu nại lần hai đã tiếp nhận',
    description: 'Second complaints (khiếu nại lần hai, Law on Complaints art. 33) received by the body above, per body and month of receipt.',
    sql: count('p.instance = 2', 'p.received_at'),
  },
  {
    key: 'inspectorate.anonymousLettersRecorded',
    label: 'Số đơn nặc danh đã lưu (không xử lý)',
    description: 'Anonymous letters recorded and not handled (Law on Denunciations art. 25), per month of receipt.',
    sql: count('p.anonymous', 'p.received_at'),
  },
];
