import { EntityManager } from '@mikro-orm/postgresql';
import { Account } from '../../auth/account.entity';
import { principalOfAccount } from '../../auth/auth.resolver';
import { Principal } from '../../auth/principal';
import { Role } from '../../auth/roles';
import { CalendarService } from '../../calendar/calendar.service';
import { Channel, Dossier } from '../../dossiers/dossier.entity';
import { SatisfactionLevel } from '../../dossiers/dossier-parts.entity';
import { DossierService } from '../../dossiers/dossier.service';
import { createDemoAccounts, DEMO_CITIZENS, KERNEL_DEMO_STAFF, taxCodeFrom } from '../../kernel/demo-staff';
import { seedDocuments } from './document-seed';
import { ModuleSet } from '../../kernel/registry';
import { Procedure } from '../../procedures/procedure.entity';
import { ApplicantKind } from '../../procedures/procedure.types';

/** Mulberry32: a tiny seeded generator, so the demo data is the same on every machine. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'K’'];
const GIVEN = ['Văn Hùng', 'Thị Lan', 'Minh Châu', 'Quốc Bảo', 'Thị Hạnh', 'Đức Thắng', 'Ngọc Ánh', 'Thanh Tùng', 'Thị Mỹ', 'Hữu Nghĩa', 'Brông', 'Thị Nhàn'];
const ORGS = ['Công ty TNHH Cà phê Cầu Đất', 'Công ty CP Du lịch Đà Lạt Xanh', 'HTX Nông nghiệp Xuân Trường', 'Công ty TNHH Rau hoa Langbiang', 'Công ty CP Chè Bảo Lộc'];

/** The paths a demo dossier follows, ending in every status of the national list. */
const SCENARIOS: string[][] = [
  [],
  ['refuse'],
  ['receive'],
  ['receive', 'assign'],
  ['receive', 'assign', 'submitForApproval'],
  ['receive', 'assign', 'requestSupplement'],
  ['receive', 'assign', 'requestSupplement', 'submitSupplement', 'submitForApproval'],
  ['receive', 'assign', 'requestPayment'],
  ['receive', 'withdraw'],
  ['receive', 'assign', 'stop'],
  ['receive', 'assign', 'submitForApproval', 'approve'],
  ['receive', 'assign', 'submitForApproval', 'approve', 'returnResult'],
  ['receive', 'assign', 'submitForApproval', 'approve', 'returnResult', 'evaluate'],
  ['receive', 'assign', 'requestPayment', 'pay', 'approve', 'returnResult', 'evaluate'],
  ['receive', 'assign', 'apologize'],
];

/**
 * Demo data for the embedded default: accounts of every role, then a few hundred dossiers
 * walked through the real workflow service with a moving clock, so that their history,
 * pauses and due dates are what the engine itself produces.
 */
export async function seedDemo(em: EntityManager, modules: ModuleSet, calendar: CalendarService, count = 300, now = new Date()): Promise<number> {
  if (await em.count(Dossier, {})) return 0;
  const random = seededRandom(20161209);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  await createDemoAccounts(em, [
    { username: 'admin', fullName: 'Quản trị hệ thống', role: Role.SYSTEM_ADMIN },
    { username: 'analyst', fullName: 'Trương Thị Phân Tích', role: Role.ANALYST },
    ...DEMO_CITIZENS.map((c) => ({ ...c, role: Role.CITIZEN })),
    ...KERNEL_DEMO_STAFF,
  ]);
  for (const m of modules.modules) await m.seed?.({ em, random, now });

  const cal = await calendar.calendar(em);
  const officers = new Map<string, Map<Role, Principal[]>>();
  const accounts = await em.find(Account, { roles: { agency: { $ne: null } } }, { populate: ['roles', 'roles.agency'] });
  for (const a of accounts) {
    const p = await principalOfAccount(em, a);
    for (const g of p.roles) {
      const byRole = officers.get(g.agencyId!) ?? new Map<Role, Principal[]>();
      byRole.set(g.role, [...(byRole.get(g.role) ?? []), p]);
      officers.set(g.agencyId!, byRole);
    }
  }
  const citizens = await Promise.all(DEMO_CITIZENS.map(async (c) => principalOfAccount(em, await em.findOneOrFail(Account, { username: c.username }))));
  // Procedures with a structured form get their demo dossiers from their module (`seedDossiers`).
  const procedures = (await em.find(Procedure, { moduleName: { $in: modules.names } }, { populate: ['agency'] })).filter(
    (p) => officers.has(p.agency.id) && !modules.formValidators.has(p.code),
  );

  // Plan every dossier first (all random choices, in order), so the data is the same whatever
  // order the concurrent execution below happens to take.
  const plans: DossierPlan[] = [];
  for (let i = 0; i < count; i++) {
    if (!procedures.length) break;
    const procedure = procedures[i % procedures.length];
    const workflow = modules.workflow(procedure.workflowKey);
    const desk = officers.get(procedure.agency.id)!;
    const possible = SCENARIOS.filter((sc) => sc.every((a) => a === 'evaluate' || workflow.actions.some((x) => x.key === a)));
    const scenario = possible[Math.floor(i / procedures.length) % possible.length];
    // Start between 1 and 85 days ago, inside office hours.
    const start = cal.nextWorkingMoment(new Date(now.getTime() - (1 + random() * 85) * 86_400_000));
    let at = start;
    const citizen = pick(citizens);
    const organisation = procedure.applicantKinds.includes(ApplicantKind.ORGANIZATION) && !procedure.applicantKinds.includes(ApplicantKind.PERSON);
    const applicant = organisation
      ? { kind: ApplicantKind.ORGANIZATION, name: pick(ORGS), idNumber: taxCodeFrom(String(580000000 + Math.floor(random() * 99999)).padStart(9, '0')), email: 'vanthu@example.vn', phone: '02633822111' }
      : i % 3 === 0
        ? { kind: ApplicantKind.PERSON, name: citizen.fullName, idNumber: citizen.identityNumber!, email: null, phone: null }
        : { kind: ApplicantKind.PERSON, name: `${pick(SURNAMES)} ${pick(GIVEN)}`, idNumber: randomCitizenId(random), email: null, phone: '0977123456' };
    const online = scenario.length === 0 || scenario[0] === 'refuse' || i % 2 === 0;
    const applicantPrincipal: Principal =
      online && applicant.idNumber === citizen.identityNumber
        ? citizen
        : { subject: `demo|${applicant.idNumber}`, fullName: applicant.name, identityNumber: applicant.idNumber, roles: [{ role: Role.CITIZEN }], issuer: 'local' };
    const reception = desk.get(Role.RECEPTION_OFFICER)![0];
    const leader = desk.get(Role.LEADER)![0];
    const assignee = pick(desk.get(Role.SPECIALIST)!);
    const steps: PlannedStep[] = [];
    for (const action of online ? scenario : scenario.filter((a) => a !== 'receive' && a !== 'refuse')) {
      at = cal.addWorkingMinutes(at, 30 + Math.floor(random() * 8 * 60 * (action === 'submitForApproval' ? 4 : 1)));
      if (at > now) break;
      const actor =
        action === 'evaluate' || action === 'submitSupplement' || action === 'withdraw'
          ? applicantPrincipal
          : ['approve', 'stop', 'apologize', 'sendBack'].includes(action)
            ? leader
            : ['submitForApproval', 'requestPayment'].includes(action)
              ? assignee
              : reception;
      steps.push({ action, at, actor, level: action === 'evaluate' ? pick(LEVELS) : undefined });
    }
    plans.push({
      i,
      procedure,
      start,
      applicant,
      online,
      channel: i % 7 === 0 ? Channel.POST : Channel.COUNTER,
      submitter: online ? applicantPrincipal : reception,
      assigneeId: assignee.accountId!,
      files: procedure.components.filter((c) => c.required).map((c) => ({
        name: `${c.code}.pdf`, mediaType: 'application/pdf', componentCode: c.code, contentBase64: Buffer.from(`%PDF-1.4 demo ${c.code} ${i}`).toString('base64'),
      })),
      steps,
    });
  }

  const run = async (plan: DossierPlan) => {
    // Each dossier has its own clock, so dossiers can be walked through the workflow in parallel.
    const clock = { t: plan.start, now: () => clock.t };
    const service = new DossierService(modules, calendar, clock);
    const base = { procedureCode: plan.procedure.code, applicant: plan.applicant };
    const first = plan.online
      ? await service.submit(em.fork(), plan.submitter, { ...base, files: plan.files })
      : await service.receive(em.fork(), plan.submitter, { ...base, channel: plan.channel, files: [] });
    if (!('dossierId' in first)) throw new Error(`Demo seed: ${plan.procedure.code}: ${first.message}`);
    let version = 1;
    for (const step of plan.steps) {
      clock.t = step.at;
      const dossierId = first.dossierId;
      if (step.action === 'evaluate') {
        await service.evaluate(em.fork(), step.actor, { dossierId, level: step.level!, comment: null });
        continue;
      }
      let newDueDate: Date | null = null;
      if (step.action === 'apologize') {
        const d = await em.fork().findOneOrFail(Dossier, dossierId);
        if (d.dueAt && d.dueAt <= step.at) continue; // an apology comes before the due date (DOMAIN "Late dossiers")
        newDueDate = cal.addWorkingMinutes(new Date(Math.max(d.dueAt?.getTime() ?? 0, step.at.getTime())), 5 * 8 * 60);
      }
      const r = await service.perform(em.fork(), step.actor, {
        dossierId,
        action: step.action,
        expectedVersion: version,
        note: ['refuse', 'requestSupplement', 'withdraw', 'stop', 'apologize', 'sendBack'].includes(step.action) ? demoNote(step.action) : null,
        assigneeId: step.action === 'assign' ? plan.assigneeId : null,
        newDueDate,
      });
      if (!('dossierId' in r)) throw new Error(`Demo seed: ${step.action} on ${plan.procedure.code} #${plan.i}: ${r.message}`);
      version++;
    }
  };
  const queue = [...plans];
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, async () => {
    for (let plan = queue.shift(); plan; plan = queue.shift()) await run(plan);
  }));
  const before = await em.fork().count(Dossier, {});
  const principal = async (username: string) => principalOfAccount(em, await em.findOneOrFail(Account, { username }));
  for (const m of modules.modules) {
    await m.seedDemoRecords?.({ em: em.fork(), random, now, calendar: cal, principal });
    await m.seedDossiers?.({ em: em.fork(), random, now, calendar: cal, principal, dossierService: (at) => new DossierService(modules, calendar, { now: at }) });
  }
  await seedDocuments(em, random, now);
  return plans.length + (await em.fork().count(Dossier, {})) - before;
}

/** Dossiers walked through the workflow at once (well under the connection pool). */
const SEED_CONCURRENCY = 4;

const LEVELS = [SatisfactionLevel.VERY_SATISFIED, SatisfactionLevel.SATISFIED, SatisfactionLevel.SATISFIED, SatisfactionLevel.NEUTRAL, SatisfactionLevel.DISSATISFIED];

interface PlannedStep {
  action: string;
  at: Date;
  actor: Principal;
  level?: SatisfactionLevel;
}

interface DossierPlan {
  i: number;
  procedure: Procedure;
  start: Date;
  applicant: { kind: ApplicantKind; name: string; idNumber: string; email: string | null; phone: string | null };
  online: boolean;
  channel: Channel;
  submitter: Principal;
  assigneeId: string;
  files: { name: string; mediaType: string; componentCode: string; contentBase64: string }[];
  steps: PlannedStep[];
}

/** A valid CCCD of the province (068), born 1950–2008. */
function randomCitizenId(random: () => number): string {
  const year = 1950 + Math.floor(random() * 59);
  const genderCentury = (year >= 2000 ? 2 : 0) + Math.floor(random() * 2);
  return `068${genderCentury}${String(year % 100).padStart(2, '0')}${String(Math.floor(random() * 1e6)).padStart(6, '0')}`;
}

function demoNote(action: string): string {
  switch (action) {
    case 'refuse':
      return 'Hồ sơ không thuộc thẩm quyền giải quyết của cơ quan (Mẫu 03).';
    case 'requestSupplement':
      return 'Đề nghị bổ sung bản sao Giấy chứng nhận có chứng thực (Mẫu 02).';
    case 'withdraw':
      return 'Công dân đề nghị rút hồ sơ để bổ sung giấy tờ.';
    case 'stop':
      return 'Dừng xử lý theo đề nghị của cơ quan có thẩm quyền.';
    case 'apologize':
      return 'Xin lỗi vì chậm trễ do phải xác minh thực địa; hẹn lại ngày trả kết quả (Mẫu 04).';
    default:
      return 'Đề nghị rà soát lại nội dung thẩm định.';
  }
}
