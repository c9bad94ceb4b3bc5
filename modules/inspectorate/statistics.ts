import type { StatisticDeclaration } from '../../src/kernel/module-contract';

/** The inspectorate's own measures, exposed by the kernel's statistics API without it knowing this module. */
export const inspectorateStatistics: StatisticDeclaration[] = [
  {
    key: 'inspectorate.petitionsResolvedOnTime',
    label: 'Tỷ lệ đơn thư giải quyết đúng hạn',
    description: 'Share of the inspectorate’s petitions resolved by their deadline (extensions included), per month of resolution.',
    sql: `select a.code as agency_code, date_trunc('month', d.finished_at at time zone 'Asia/Ho_Chi_Minh')::date as period,
        (count(*) filter (where d.finished_at <= d.original_due_at))::numeric / count(*) as value
      from dossier d join procedure p on p.id = d.procedure_id join agency a on a.id = d.holding_agency_id
      where p.module_name = 'inspectorate' and d.finished_at is not null
        and d.finished_at >= ($1::date)::timestamp at time zone 'Asia/Ho_Chi_Minh'
        and d.finished_at < ($2::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh'
      group by 1, 2`,
  },
];
