/**
 * What a catalogue entry may say: the checks of `createProcedure` and `updateProcedure`, each
 * naming the field it refuses. Pure: the caller gives what it looked up (the agency, the running
 * modules' workflows, the states its dossiers are in).
 */
import { DurationUnit } from '../calendar/duration';
import { Issues } from '../graphql/validation';
import { ProcedureContent } from './procedure-content';
import { ApplicantKind } from './procedure.types';

/**
 * Bounds. Processing times: whole or half working days (DOMAIN.md §3: 8 working hours are one
 * day, so half a day is 4 working hours), whole working hours, whole calendar days (the
 * calendar counts those to 17:00 of the last day), or same-day (amount 1). The upper bounds are a
 * year of each: no published procedure comes near, a typo (3000 for 30) does.
 */
export const CATALOGUE_LIMITS = {
  maxWorkingDays: 260,
  maxWorkingHours: 2080,
  maxCalendarDays: 365,
  /** VND; fees and charges are set per dossier by resolutions, far below this. Whole đồng only (VND has no subunit in use). */
  maxFeeVnd: 1_000_000_000,
  components: 50,
  forms: 20,
  fees: 20,
  legalBasis: 30,
  name: 500,
  field: 200,
  resultKind: 1000,
  legalBasisItem: 500,
  componentName: 1000,
  note: 1000,
  url: 500,
} as const;

/** National procedure codes, e.g. `1.013831`, `2.002186` (the national database's pattern). */
export const PROCEDURE_CODE_PATTERN = /^\d\.\d{6}$/;

/** Component codes (`TP1`) and form codes (`MAU-15-DK`, `01-DK-TCT`, `03/BDS-TNCN`). */
const SHORT_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9./_-]{0,49}$/;

/** A form's download link: a path on the portal or an https address. */
const URL_PATTERN = /^(\/[A-Za-z0-9._~\/-]*|https:\/\/[A-Za-z0-9.-]+(:\d+)?(\/[A-Za-z0-9._~%\/?=&-]*)?)$/;

/** What the checks need to know beyond the content itself. */
export interface ContentContext {
  /** The agency named by `agencyCode`, when it exists and is valid today; `moduleName` null for kernel agencies. */
  agency?: { moduleName: string | null };
  /** The module the procedure belongs to (an update: its current one; it may not move to another module). */
  moduleName?: string;
  runningModules: readonly string[];
  /** The module declaring the workflow (null: a kernel one), undefined when no running module has it. */
  workflowOwner(key: string): string | null | undefined;
  /** The workflow's state and action keys. */
  workflowKeys(key: string): { states: string[]; actions: string[] };
  /** Actions the modules' hooks name for this procedure. */
  hookActions: readonly string[];
  /** States the procedure's dossiers are in: a new workflow must have them all. */
  statesInUse: readonly string[];
}

/** Checks one content; `issues` collects every problem, named by the input field. Returns the content with its texts trimmed. */
export function checkContent(issues: Issues, c: ProcedureContent, ctx: ContentContext): ProcedureContent {
  const L = CATALOGUE_LIMITS;
  const out: ProcedureContent = { ...c };
  out.name = issues.text('name', c.name, L.name) ?? '';
  out.field = issues.text('field', c.field, L.field) ?? '';
  out.resultKind = issues.text('resultKind', c.resultKind, L.resultKind) ?? '';

  if (!ctx.agency) issues.add('agencyCode', 'Không có cơ quan này / No such agency in force');
  else if (!ctx.agency.moduleName || !ctx.runningModules.includes(ctx.agency.moduleName)) issues.add('agencyCode', 'Cơ quan không thuộc phân hệ nào đang chạy / The agency belongs to no running module');
  else if (ctx.moduleName && ctx.agency.moduleName !== ctx.moduleName) issues.add('agencyCode', `Thủ tục thuộc phân hệ ${ctx.moduleName}: chỉ chuyển sang cơ quan của phân hệ đó / The procedure belongs to module ${ctx.moduleName}: only its agencies`);

  if (c.legacyLevel !== null && ![2, 3, 4].includes(c.legacyLevel)) issues.add('legacyLevel', 'Mức độ cũ là 2, 3 hoặc 4 / The old level is 2, 3 or 4');
  checkDuration(issues, c.processingAmount, c.processingUnit);

  const kinds = c.applicantKinds;
  if (!kinds.length) issues.add('applicantKinds', 'Cần ít nhất một đối tượng / At least one kind of applicant');
  if (new Set(kinds).size !== kinds.length) issues.add('applicantKinds', 'Trùng lặp / Repeated');

  out.forms = listOf(issues, 'forms', c.forms, L.forms, (f, at) => ({
    code: code(issues, `${at}.code`, f.code),
    name: issues.text(`${at}.name`, f.name, L.name) ?? '',
    ...(f.url != null ? { url: url(issues, `${at}.url`, f.url) } : {}),
  }));
  unique(issues, 'forms', out.forms.map((f) => f.code), 'code');
  const formCodes = new Set(out.forms.map((f) => f.code));
  out.components = listOf(issues, 'components', c.components, L.components, (x, at) => {
    if (!Number.isInteger(x.copies) || x.copies < 1 || x.copies > 20) issues.add(`${at}.copies`, 'Số bản từ 1 đến 20 / Between 1 and 20 copies');
    if (x.formCode != null && !formCodes.has(x.formCode)) issues.add(`${at}.formCode`, 'Không có mẫu đơn này trong forms / No such form in forms');
    const note = x.note != null ? issues.text(`${at}.note`, x.note, L.note, false) : null;
    return {
      code: code(issues, `${at}.code`, x.code),
      name: issues.text(`${at}.name`, x.name, L.componentName) ?? '',
      required: x.required,
      copies: x.copies,
      ...(note ? { note } : {}),
      ...(x.formCode != null ? { formCode: x.formCode } : {}),
    };
  });
  if (!out.components.length && !issues.list.some((i) => i.field.startsWith('components'))) issues.add('components', 'Cần ít nhất một thành phần hồ sơ / At least one dossier component (a published procedure states them)');
  unique(issues, 'components', out.components.map((x) => x.code), 'code');

  out.fees = listOf(issues, 'fees', c.fees, L.fees, (f, at) => {
    if (!Number.isFinite(f.amountVnd) || !Number.isInteger(f.amountVnd) || f.amountVnd < 0) issues.add(`${at}.amountVnd`, 'Số tiền là số nguyên đồng, không âm / A whole, non-negative number of đồng');
    else if (f.amountVnd > L.maxFeeVnd) issues.add(`${at}.amountVnd`, `Tối đa ${L.maxFeeVnd.toLocaleString('vi-VN')} đồng / At most ${L.maxFeeVnd} VND`);
    if (f.applicantKinds && (!f.applicantKinds.length || f.applicantKinds.some((k) => !kinds.includes(k as ApplicantKind)))) issues.add(`${at}.applicantKinds`, 'Chỉ các đối tượng của thủ tục / Only the procedure’s kinds of applicant');
    const note = f.note != null ? issues.text(`${at}.note`, f.note, L.note, false) : null;
    return {
      kind: f.kind,
      name: issues.text(`${at}.name`, f.name, L.name) ?? '',
      amountVnd: f.amountVnd,
      ...(note ? { note } : {}),
      ...(f.applicantKinds ? { applicantKinds: f.applicantKinds } : {}),
    };
  });

  out.legalBasis = listOf(issues, 'legalBasis', c.legalBasis, L.legalBasis, (b, at) => issues.text(at, b, L.legalBasisItem) ?? '');
  if (!c.legalBasis.length) issues.add('legalBasis', 'Cần căn cứ pháp lý / The legal basis is required');

  checkWorkflow(issues, c.workflowKey, ctx);
  return out;
}

/** A processing time the calendar can count (see {@link CATALOGUE_LIMITS}). */
function checkDuration(issues: Issues, amount: number, unit: DurationUnit): void {
  const L = CATALOGUE_LIMITS;
  const field = 'processingTime.amount';
  if (!Number.isFinite(amount) || amount <= 0) return issues.add(field, 'Thời hạn phải lớn hơn 0 / The processing time must be positive');
  switch (unit) {
    case DurationUnit.WORKING_DAYS:
      if (!Number.isInteger(amount * 2)) issues.add(field, 'Số ngày làm việc nguyên hoặc 0,5 / Whole or half working days (4 working hours = 0.5)');
      else if (amount > L.maxWorkingDays) issues.add(field, `Tối đa ${L.maxWorkingDays} ngày làm việc / At most ${L.maxWorkingDays} working days`);
      return;
    case DurationUnit.WORKING_HOURS:
      if (!Number.isInteger(amount)) issues.add(field, 'Số giờ làm việc nguyên / Whole working hours');
      else if (amount > L.maxWorkingHours) issues.add(field, `Tối đa ${L.maxWorkingHours} giờ làm việc / At most ${L.maxWorkingHours} working hours`);
      return;
    case DurationUnit.CALENDAR_DAYS:
      if (!Number.isInteger(amount)) issues.add(field, 'Số ngày nguyên / Whole calendar days');
      else if (amount > L.maxCalendarDays) issues.add(field, `Tối đa ${L.maxCalendarDays} ngày / At most ${L.maxCalendarDays} calendar days`);
      return;
    case DurationUnit.SAME_DAY:
      if (amount !== 1) issues.add(field, 'Giải quyết trong ngày: nhập 1 / Same day: give 1');
      return;
  }
}

/** The workflow exists on this server, belongs to the kernel or the procedure's module, and keeps what the procedure needs. */
function checkWorkflow(issues: Issues, key: string, ctx: ContentContext): void {
  const field = 'workflowKey';
  const owner = ctx.workflowOwner(key);
  if (owner === undefined) return issues.add(field, 'Không có quy trình này / No such workflow on this server');
  const moduleName = ctx.moduleName ?? ctx.agency?.moduleName ?? undefined;
  if (owner !== null && owner !== moduleName) return issues.add(field, `Quy trình của phân hệ ${owner}, không dùng cho thủ tục của phân hệ khác / A workflow of module ${owner}: not for another module’s procedure`);
  const { states, actions } = ctx.workflowKeys(key);
  const missingStates = ctx.statesInUse.filter((s) => !states.includes(s));
  if (missingStates.length) issues.add(field, `Hồ sơ của thủ tục đang ở bước mà quy trình này không có / Dossiers of the procedure are in states this workflow lacks: ${missingStates.join(', ')}`);
  const missingActions = ctx.hookActions.filter((a) => !actions.includes(a));
  if (missingActions.length) issues.add(field, `Quy trình thiếu bước mà phân hệ cần / The workflow lacks actions the module’s hooks need: ${[...new Set(missingActions)].join(', ')}`);
}

function listOf<T, R>(issues: Issues, field: string, items: readonly T[], max: number, check: (item: T, at: string) => R): R[] {
  if (items.length > max) {
    issues.add(field, `Tối đa ${max} mục / At most ${max} items (got ${items.length})`);
    return [];
  }
  return items.map((x, i) => check(x, `${field}[${i}]`));
}

function unique(issues: Issues, field: string, values: string[], what: string): void {
  const seen = new Set<string>();
  for (const [i, v] of values.entries()) {
    if (v && seen.has(v)) issues.add(`${field}[${i}].${what}`, 'Trùng mã / Repeated code');
    seen.add(v);
  }
}

function code(issues: Issues, field: string, v: string): string {
  if (!SHORT_CODE_PATTERN.test(v)) issues.add(field, 'Mã gồm chữ, số và . / _ -, tối đa 50 ký tự / Letters, digits and . / _ -, at most 50');
  return v;
}

function url(issues: Issues, field: string, v: string): string {
  if (v.length > CATALOGUE_LIMITS.url || !URL_PATTERN.test(v)) issues.add(field, 'Đường dẫn trên cổng (/…) hoặc địa chỉ https / A portal path (/…) or an https address');
  return v;
}
