import type { StatisticDeclaration } from '../../src/kernel/module-contract';
import { PETITION_RULES } from './deadlines';
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
  return `select a.code as agency_code, ${month(at)} as period, count(*)::numeric as value
      from inspectorate_petition p join agency a on a.id = p.agency_id
      where ${where} and ${within(at)}
      group by 1, 2`;
}

const classes = Object.values(PetitionClassification);

/**
 * The inspectorate's measures, one key per classification (the contract has one value per row):
 * petitions received (anonymous letters apart: they are not handled), resolved on time and late
 * against the time limit with its lawful extensions (an extension is not lateness), and anonymous
 * letters recorded.
 */
export const inspectorateStatistics: StatisticDeclaration[] = [
  ...classes.map((c) => ({
    key: `inspectorate.petitionsReceived.${c}`,
    label: `Số đơn ${PETITION_RULES[c].label.toLowerCase()} đã tiếp nhận`,
    description: `Petitions classified ${c} received (anonymous letters excluded), per inspectorate and month of receipt.`,
    sql: count(`p.classification = '${c}' and not p.anonymous`, 'p.received_at'),
  })),
  ...classes.map((c) => ({
    key: `inspectorate.petitionsResolvedOnTime.${c}`,
    label: `Số đơn ${PETITION_RULES[c].label.toLowerCase()} giải quyết đúng hạn`,
    description: `Petitions classified ${c} resolved by their time limit (extensions included), per month of resolution.`,
    sql: count(`p.classification = '${c}' and p.resolved_at is not null and p.resolved_at <= p.due_at`, 'p.resolved_at'),
  })),
  ...classes.map((c) => ({
    key: `inspectorate.petitionsResolvedLate.${c}`,
    label: `Số đơn ${PETITION_RULES[c].label.toLowerCase()} giải quyết quá hạn`,
    description: `Petitions classified ${c} resolved after their time limit, per month of resolution.`,
    sql: count(`p.classification = '${c}' and p.resolved_at is not null and p.resolved_at > p.due_at`, 'p.resolved_at'),
  })),
  {
    key: 'inspectorate.anonymousLettersRecorded',
    label: 'Số đơn nặc danh đã lưu (không xử lý)',
    description: 'Anonymous letters recorded and not handled (Law on Denunciations art. 25), per month of receipt.',
    sql: count('p.anonymous', 'p.received_at'),
  },
];
