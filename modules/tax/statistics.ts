import type { StatisticDeclaration } from '../../src/kernel';

/** A month in Vietnam time, and the `[$1, $2]` day range on a timestamp column. */
const month = (col: string) => `date_trunc('month', ${col} at time zone 'Asia/Ho_Chi_Minh')::date`;
const within = (col: string) => `${col} >= ($1::date)::timestamp at time zone 'Asia/Ho_Chi_Minh' and ${col} < ($2::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh'`;

/** The tax office's own measures, exposed by the kernel's statistics API without it knowing this module. */
export const taxStatistics: StatisticDeclaration[] = [
  {
    key: 'tax.registrationsCompleted',
    label: 'Số hồ sơ đăng ký thuế đã trả kết quả',
    description: 'Taxpayer registration dossiers whose result was returned, per month of return.',
    sql: `select a.code as agency_code, ${month('d.returned_at')} as period, count(*)::numeric as value
      from dossier d join procedure p on p.id = d.procedure_id join agency a on a.id = d.holding_agency_id
      where p.module_name = 'tax' and p.code in ('1.007749', '1.007752') and d.returned_at is not null and ${within('d.returned_at')}
      group by 1, 2`,
  },
  {
    key: 'tax.declarationsFiled',
    label: 'Số tờ khai thuế đã nộp',
    description: 'Tax declarations filed (originals and supplementary), per managing agency, month of filing and declaration form.',
    dimensions: [{ key: 'form', label: 'Mẫu tờ khai' }],
    sql: `select a.code as agency_code, ${month('d.filed_at')} as period, d.form_code as form, count(*)::numeric as value
      from tax_declaration d join tax_taxpayer t on t.id = d.taxpayer_id join agency a on a.id = t.agency_id
      where ${within('d.filed_at')}
      group by 1, 2, 3`,
  },
  {
    key: 'tax.noticesIssued',
    label: 'Số thông báo nộp thuế đã ban hành',
    description: 'Notices to pay issued (cancelled ones included: they were issued), per issuing agency and month of issue.',
    sql: `select a.code as agency_code, ${month('n.issued_at')} as period, count(*)::numeric as value
      from tax_notice n join agency a on a.id = n.agency_id
      where ${within('n.issued_at')}
      group by 1, 2`,
  },
  {
    key: 'tax.amountCollected',
    label: 'Số tiền thuế, lệ phí đã thu (đồng)',
    description: 'Payments recorded against notices (online and at the counter), in đồng, per issuing agency and month of payment.',
    sql: `select a.code as agency_code, ${month('p.paid_at')} as period, sum(p.amount_vnd)::numeric as value
      from tax_payment p join tax_notice n on n.id = p.notice_id join agency a on a.id = n.agency_id
      where ${within('p.paid_at')}
      group by 1, 2`,
  },
];
