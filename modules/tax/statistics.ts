import type { StatisticDeclaration } from '../../src/kernel/module-contract';

/** The tax office's own measures, exposed by the kernel's statistics API without it knowing this module. */
export const taxStatistics: StatisticDeclaration[] = [
  {
    key: 'tax.registrationsCompleted',
    label: 'Số hồ sơ đăng ký thuế đã trả kết quả',
    description: 'Taxpayer registration dossiers whose result was returned, per month of return.',
    sql: `select a.code as agency_code, date_trunc('month', d.returned_at at time zone 'Asia/Ho_Chi_Minh')::date as period, count(*)::numeric as value
      from dossier d join procedure p on p.id = d.procedure_id join agency a on a.id = d.holding_agency_id
      where p.module_name = 'tax' and p.name like 'Đăng ký thuế%' and d.returned_at is not null
        and d.returned_at >= ($1::date)::timestamp at time zone 'Asia/Ho_Chi_Minh'
        and d.returned_at < ($2::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh'
      group by 1, 2`,
  },
];
