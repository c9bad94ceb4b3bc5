import { agencyDesk, atLocal, createDemoAccounts, DemoSeedContext, ErrorResult, Principal, Role, SeedContext } from '../../src/kernel';
import { ReceivePetitionInput } from './api/petition.inputs';
import { CaseComplexity, Petition, PetitionChannel, PetitionClassification } from './entities/petition.entity';
import { ReceptionKind, ReceptionOutcome } from './entities/reception-session.entity';
import { INSPECTORATE_AGENCY_CODE } from './procedures';
import { PetitionService } from './services/petition.service';
import { HEAD_DESIGNATION } from './access';

/** Demo staff of the provincial inspectorate, with a second inspector for confidentiality demos. */
export async function seedInspectorate({ em }: SeedContext): Promise<void> {
  await createDemoAccounts(em, [
    // The leader is the head of the inspectorate: a designation a system admin grants (here the seed).
    ...agencyDesk('insp', INSPECTORATE_AGENCY_CODE, ['Lương Thị Kim Oanh', 'Ngô Đình Khoa', 'Huỳnh Tấn Phát', 'Mai Xuân Thưởng']).map((m) =>
      m.role === Role.LEADER ? { ...m, designations: [HEAD_DESIGNATION.key] } : m,
    ),
    { username: 'insp.admin', fullName: 'Đỗ Thanh Bình', role: Role.AGENCY_ADMIN, agencyCode: INSPECTORATE_AGENCY_CODE },
  ]);
}

/** The people of the demo petitions: fictional, with valid-looking Lâm Đồng CCCDs (province code 068). */
const PEOPLE = {
  loc: { fullName: 'Trần Văn Lộc', identityNumber: '068066003517', address: 'Tổ dân phố 5, Phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng', phone: '0913408215' },
  nhung: { fullName: 'Nguyễn Thị Hồng Nhung', identityNumber: '068183002264', address: 'Số 14 đường Phù Đổng Thiên Vương, Phường Lâm Viên - Đà Lạt, tỉnh Lâm Đồng', phone: '0978112604' },
  hai: { fullName: 'K’ Brông Hai', identityNumber: '068075009931', address: 'Thôn Đăng Srõn, Xã Đức Trọng, tỉnh Lâm Đồng' },
  thu: { fullName: 'Phan Thị Minh Thư', identityNumber: '068190006145', address: 'Số 27 đường Trần Phú, Phường 1 Bảo Lộc, tỉnh Lâm Đồng', phone: '0905327718' },
  tuan: { fullName: 'Võ Anh Tuấn', identityNumber: '068088001420', address: 'Số 3 đường Hoàng Văn Thụ, Phường Cam Ly - Đà Lạt, tỉnh Lâm Đồng' },
  dao: { fullName: 'Lê Thị Đào', identityNumber: '068157004088', address: 'Tổ dân phố 12, Phường Lâm Viên - Đà Lạt, tỉnh Lâm Đồng', phone: '0384551926' },
  quang: { fullName: 'Đặng Minh Quang', identityNumber: '068079005673', address: 'Số 88 đường Bùi Thị Xuân, Phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng' },
  sang: { fullName: 'Hoàng Văn Sáng', address: 'Thôn Phú Thạnh, Xã Đức Trọng, tỉnh Lâm Đồng' },
} as const;

type Step =
  | { day: number; by: string; do: 'assign'; inspectors: string[] }
  | { day: number; by: string; do: 'check' | 'verify' }
  | { day: number; by: string; do: 'accept'; remote?: boolean }
  | { day: number; by: string; do: 'transfer'; to: string }
  | { day: number; by: string; do: 'refuse' | 'withdraw'; reason: string }
  | { day: number; by: string; do: 'conclude'; conclusion: string }
  | { day: number; by: string; do: 'decide'; number: string }
  | { day: number; by: string; do: 'extend'; days: number; complexity: CaseComplexity; reason: string }
  | { day: number; by: string; do: 'second'; subject: string };

interface Plan {
  /** Working days after the reception day when it arrived (0: at the reception). */
  day: number;
  input: Omit<ReceivePetitionInput, 'agencyCode' | 'receivedAt' | 'letters'>;
  by: string;
  steps: Step[];
}

const HEAD = 'insp.leader';
const KHOA = 'insp.specialist';
const THUONG = 'insp.specialist2';
const DESK = 'insp.reception';

/** The usual path to a verification under way, by inspector `who`. */
const toVerification = (who: string): Step[] => [
  { day: 1, by: HEAD, do: 'assign', inspectors: [who] },
  { day: 2, by: who, do: 'check' },
  { day: 3, by: who, do: 'accept' },
  { day: 5, by: who, do: 'verify' },
];

const PLANS: Plan[] = [
  {
    day: 0,
    by: HEAD,
    input: {
      classification: PetitionClassification.COMPLAINT,
      anonymous: false,
      channel: PetitionChannel.IN_PERSON,
      remote: false,
      subject:
        'Khiếu nại Quyết định phê duyệt phương án bồi thường, hỗ trợ khi Nhà nước thu hồi đất để mở rộng đường Ba Tháng Hai: đơn giá bồi thường đất ở thấp hơn giá thị trường, chưa tính phần nhà xây dựng năm 2009 trên thửa đất số 112, tờ bản đồ số 18.',
      respondent: 'Chủ tịch UBND phường Xuân Hương - Đà Lạt',
      petitioner: PEOPLE.loc,
    },
    steps: [
      ...toVerification(KHOA),
      { day: 18, by: KHOA, do: 'conclude', conclusion: 'Đơn giá bồi thường áp dụng đúng bảng giá đất; việc chưa tính công trình xây dựng năm 2009 là thiếu sót, đề nghị bổ sung.' },
      { day: 20, by: HEAD, do: 'decide', number: '41/QĐ-TTr' },
    ],
  },
  {
    day: 0,
    by: HEAD,
    input: {
      classification: PetitionClassification.DENUNCIATION,
      anonymous: false,
      channel: PetitionChannel.IN_PERSON,
      remote: false,
      subject:
        'Tố cáo công chức địa chính phường có hành vi nhũng nhiễu, yêu cầu nộp thêm tiền ngoài quy định để được xác nhận hồ sơ cấp Giấy chứng nhận quyền sử dụng đất lần đầu; có ghi âm cuộc trao đổi.',
      respondent: 'Ông N.V.T., công chức địa chính - xây dựng UBND phường Lâm Viên - Đà Lạt',
      petitioner: PEOPLE.nhung,
    },
    steps: [
      ...toVerification(THUONG),
      { day: 20, by: HEAD, do: 'extend', days: 30, complexity: CaseComplexity.COMPLEX, reason: 'Phải xác minh tại hai địa điểm và làm việc với nhiều hộ dân liên quan.' },
      { day: 38, by: THUONG, do: 'conclude', conclusion: 'Tố cáo đúng một phần: có việc yêu cầu nộp khoản tiền không có trong quy định; kiến nghị xử lý kỷ luật và trả lại tiền cho người dân.' },
    ],
  },
  {
    day: 0,
    by: HEAD,
    input: {
      classification: PetitionClassification.COMPLAINT,
      anonymous: false,
      channel: PetitionChannel.IN_PERSON,
      remote: true,
      subject:
        'Khiếu nại việc UBND xã giải quyết tranh chấp ranh giới đất rẫy cà phê với hộ liền kề, cho rằng biên bản đo đạc không có mặt gia đình và sai mốc ranh giới đã thỏa thuận từ năm 2004.',
      respondent: 'Chủ tịch UBND xã Đức Trọng',
      petitioner: PEOPLE.hai,
    },
    steps: [
      { day: 1, by: HEAD, do: 'assign', inspectors: [KHOA] },
      { day: 2, by: KHOA, do: 'check' },
      { day: 3, by: KHOA, do: 'accept', remote: true },
    ],
  },
  {
    day: 0,
    by: DESK,
    input: {
      classification: PetitionClassification.COMPLAINT,
      anonymous: false,
      channel: PetitionChannel.IN_PERSON,
      remote: false,
      subject: 'Khiếu nại việc Phòng Kinh tế phường từ chối cấp giấy phép kinh doanh quán cà phê tại nhà, không nêu rõ lý do bằng văn bản.',
      respondent: 'UBND phường Cam Ly - Đà Lạt',
      petitioner: PEOPLE.tuan,
    },
    steps: [
      { day: 1, by: HEAD, do: 'assign', inspectors: [KHOA] },
      { day: 2, by: KHOA, do: 'check' },
      { day: 4, by: DESK, do: 'withdraw', reason: 'Người khiếu nại rút đơn vì đã được cấp giấy phép sau khi bổ sung hồ sơ.' },
    ],
  },
  {
    day: 1,
    by: DESK,
    input: {
      classification: PetitionClassification.DENUNCIATION,
      anonymous: false,
      channel: PetitionChannel.POST,
      remote: false,
      subject: 'Tố cáo chủ đầu tư dự án nhà ở xây dựng sai giấy phép, lấn chiếm hành lang suối Cam Ly, đề nghị kiểm tra và xử lý.',
      respondent: 'Công ty TNHH Đầu tư Địa ốc Đồi Thông Xanh',
      petitioner: PEOPLE.quang,
    },
    steps: toVerification(THUONG),
  },
  {
    day: 1,
    by: DESK,
    input: {
      classification: PetitionClassification.DENUNCIATION,
      anonymous: false,
      channel: PetitionChannel.POST,
      remote: false,
      subject: 'Tố cáo cán bộ có biểu hiện tiêu cực trong việc giải quyết hồ sơ nhưng không nêu được người, thời gian, nội dung vi phạm cụ thể.',
      respondent: 'Cán bộ Bộ phận một cửa (không rõ họ tên)',
      petitioner: PEOPLE.sang,
    },
    steps: [
      { day: 2, by: HEAD, do: 'assign', inspectors: [KHOA] },
      { day: 3, by: KHOA, do: 'check' },
      { day: 5, by: KHOA, do: 'refuse', reason: 'Nội dung tố cáo không có cơ sở để xác định người vi phạm, hành vi vi phạm pháp luật (Luật Tố cáo, Điều 29).' },
    ],
  },
  {
    day: 2,
    by: DESK,
    input: {
      classification: PetitionClassification.COMPLAINT,
      anonymous: false,
      channel: PetitionChannel.ONLINE,
      remote: false,
      subject: 'Khiếu nại thông báo nộp tiền sử dụng đất khi chuyển mục đích từ đất nông nghiệp sang đất ở, cho rằng áp sai vị trí thửa đất trong bảng giá.',
      respondent: 'Thuế cơ sở Đà Lạt',
      petitioner: PEOPLE.dao,
    },
    steps: [
      { day: 3, by: HEAD, do: 'assign', inspectors: [KHOA] },
      { day: 4, by: KHOA, do: 'check' },
      { day: 5, by: KHOA, do: 'transfer', to: 'Thuế tỉnh Lâm Đồng' },
    ],
  },
  {
    day: 3,
    by: DESK,
    input: {
      classification: PetitionClassification.RECOMMENDATION,
      anonymous: false,
      channel: PetitionChannel.ONLINE,
      remote: false,
      subject: 'Kiến nghị sửa chữa đoạn đường Trần Phú trước chợ Bảo Lộc bị sụt lún sau mùa mưa, gây nguy hiểm cho người đi xe máy.',
      petitioner: PEOPLE.thu,
    },
    steps: [
      { day: 4, by: HEAD, do: 'assign', inspectors: [THUONG] },
      { day: 6, by: THUONG, do: 'check' },
    ],
  },
  {
    day: 30,
    by: DESK,
    input: {
      classification: PetitionClassification.REFLECTION,
      anonymous: false,
      channel: PetitionChannel.ONLINE,
      remote: false,
      subject: 'Phản ánh việc trả kết quả hồ sơ đăng ký biến động đất đai tại Bộ phận một cửa chậm so với ngày hẹn mà không có văn bản xin lỗi.',
      petitioner: PEOPLE.thu,
    },
    steps: [],
  },
  {
    day: 12,
    by: DESK,
    input: {
      classification: PetitionClassification.COMPLAINT,
      anonymous: false,
      channel: PetitionChannel.POST,
      remote: true,
      // The same matter as the third plan, sent again by post while that one is being handled.
      subject:
        'Khiếu nại việc UBND xã giải quyết tranh chấp ranh giới đất rẫy cà phê với hộ liền kề: biên bản đo đạc không có mặt gia đình, sai mốc ranh giới đã thỏa thuận từ năm 2004.',
      respondent: 'Chủ tịch UBND xã Đức Trọng',
      petitioner: PEOPLE.hai,
    },
    steps: [],
  },
  {
    day: 8,
    by: DESK,
    input: {
      classification: PetitionClassification.DENUNCIATION,
      anonymous: true,
      channel: PetitionChannel.POST,
      remote: false,
      subject: 'Thư không ký tên tố cáo một trưởng thôn thu tiền đóng góp xây nhà văn hóa không công khai sổ sách.',
      respondent: 'Trưởng thôn Phú Thạnh, xã Đức Trọng',
    },
    steps: [],
  },
  {
    day: 2,
    by: DESK,
    input: {
      classification: PetitionClassification.COMPLAINT,
      anonymous: false,
      channel: PetitionChannel.TRANSFERRED_IN,
      transferredFrom: 'Ban Tiếp công dân tỉnh Lâm Đồng',
      remote: false,
      subject: 'Khiếu nại việc không được hỗ trợ tái định cư khi bị thu hồi toàn bộ đất ở để xây dựng hồ điều hòa, trong khi các hộ lân cận được bố trí lô đất tái định cư.',
      respondent: 'Chủ tịch UBND phường Lâm Viên - Đà Lạt',
      petitioner: { fullName: 'Bùi Thị Ngọc Lan', identityNumber: '068186007302', address: 'Tổ dân phố 9, Phường Lâm Viên - Đà Lạt, tỉnh Lâm Đồng' },
    },
    steps: [
      ...toVerification(KHOA),
      // Decided after the time limit, without an extension: late stays late in the statistics.
      { day: 34, by: KHOA, do: 'conclude', conclusion: 'Hộ bà đủ điều kiện được bố trí tái định cư theo quy định; kiến nghị UBND phường lập phương án bổ sung.' },
      { day: 36, by: HEAD, do: 'decide', number: '57/QĐ-TTr' },
      // She does not accept the decision: a second complaint to the Chủ tịch UBND tỉnh, received at the committee.
      { day: 37, by: 'ubnd.reception', do: 'second', subject: 'Không đồng ý Quyết định giải quyết khiếu nại lần đầu số 57/QĐ-TTr: phương án bổ sung chưa bố trí lô đất tái định cư tại chỗ.' },
    ],
  },
];

/**
 * Demo petitions around a reception day held by the head about seven weeks before `now`: every
 * status, assigned inspectors, an extension, a late decision, a duplicate and an anonymous letter,
 * walked through the module's own service with a moving clock so that codes, time limits, history
 * and the access rules are what the service produces. Fictional people and matters.
 */
export async function seedPetitions(ctx: DemoSeedContext): Promise<void> {
  const { em, calendar } = ctx;
  if (await em.count(Petition, {})) return;
  // The reception day: 40 working days back, so that the longest plan ends before now.
  let day = atLocal(calendar.localDate(ctx.now), '12:00');
  for (let n = 0; n < 40; ) {
    day = new Date(day.getTime() - 86_400_000);
    if (calendar.isWorkingDay(day)) n++;
  }
  const receptionDay = calendar.localDate(day);
  let at = atLocal(receptionDay, '08:00');
  const service = new PetitionService({ clock: { now: () => at }, calendar: { calendar: async () => calendar } });
  const principals = new Map<string, Principal>();
  const as = async (username: string) => principals.get(username) ?? principals.set(username, await ctx.principal(username)).get(username)!;
  /** 08:00 plus a few minutes on the `n`-th working day after the reception day. */
  const workingDay = (n: number, minutes: number) => {
    let t = atLocal(receptionDay, '08:00');
    for (let i = 0; i < n; i++) t = calendar.nextWorkingMoment(new Date(t.getTime() + 86_400_000));
    return new Date(t.getTime() + minutes * 60_000);
  };
  const ok = <T>(r: T | ErrorResult, what: string): T => {
    if (r instanceof ErrorResult) throw new Error(`Inspectorate demo seed: ${what}: ${r.message}`);
    return r;
  };

  at = atLocal(receptionDay, '07:30');
  const session = ok(
    await service.recordReceptionSession(em.fork(), await as(HEAD), {
      heldOn: receptionDay,
      location: 'Trụ sở Tiếp công dân tỉnh Lâm Đồng, số 04 đường Trần Hưng Đạo, Phường Xuân Hương - Đà Lạt',
      kind: ReceptionKind.PERIODIC_BY_HEAD,
      citizens: [PEOPLE.loc, PEOPLE.nhung, PEOPLE.hai, PEOPLE.tuan].map(({ fullName, identityNumber, address }) => ({ fullName, identityNumber, address })),
      citizenCount: 6,
      summary: 'Chánh Thanh tra tỉnh tiếp công dân định kỳ: bồi thường giải phóng mặt bằng, tranh chấp ranh giới đất rẫy, thái độ của công chức địa chính phường, cấp giấy phép kinh doanh.',
      outcome: ReceptionOutcome.PETITION_RECORDED,
      outcomeNote: 'Tiếp nhận 4 đơn; hướng dẫn 2 công dân đến UBND phường nơi có đất.',
    }),
    'reception session',
  );

  const ids: { id: string; version: number; code: string }[] = [];
  // Received in time order, so that the codes follow the register.
  for (const i of PLANS.map((_, i) => i).sort((a, b) => PLANS[a].day - PLANS[b].day || a - b)) {
    const plan = PLANS[i];
    at = workingDay(plan.day, 15 * i + Math.floor(ctx.random() * 10));
    const r = ok(
      await service.receive(em.fork(), await as(plan.by), {
        ...plan.input,
        receivedAt: at,
        receptionSessionId: plan.day === 0 && plan.input.channel === PetitionChannel.IN_PERSON ? session.receptionSessionId : null,
        // A complaint states when the complainant learned of the decision: some weeks before, within the 90 days.
        timeBarStartsOn: plan.input.classification === PetitionClassification.COMPLAINT && !plan.input.anonymous ? calendar.localDate(new Date(at.getTime() - (20 + 5 * i) * 86_400_000)) : null,
      } as ReceivePetitionInput),
      `petition ${i + 1}`,
    );
    ids[i] = { id: r.petitionId, version: 1, code: r.code };
  }

  // Steps in time order across petitions, as a real register would record them.
  const steps = PLANS.flatMap((plan, i) => plan.steps.map((step, j) => ({ i, j, step }))).sort((a, b) => a.step.day - b.step.day || a.i - b.i || a.j - b.j);
  for (const { i, j, step } of steps) {
    at = workingDay(PLANS[i].day + step.day, 30 + 10 * i + j);
    if (at > ctx.now) continue;
    const p = await as(step.by);
    const target = { petitionId: ids[i].id, expectedVersion: ids[i].version };
    const e = em.fork();
    const r = await (() => {
      switch (step.do) {
        case 'assign':
          return Promise.all(step.inspectors.map(async (u) => (await as(u)).accountId!)).then((inspectorIds) => service.assignInspectors(e, p, { ...target, inspectorIds }));
        case 'check':
          return service.checkEligibility(e, p, target);
        case 'accept':
          return service.accept(e, p, { ...target, remote: step.remote });
        case 'verify':
          return service.startVerification(e, p, target);
        case 'transfer':
          return service.transfer(e, p, { ...target, competentBody: step.to });
        case 'refuse':
          return service.refuse(e, p, { ...target, reasons: step.reason });
        case 'withdraw':
          return service.withdraw(e, p, { ...target, reason: step.reason });
        case 'conclude':
          return service.conclude(e, p, { ...target, conclusion: step.conclusion });
        case 'decide':
          return service.decide(e, p, { ...target, decisionNumber: step.number, decisionDate: calendar.localDate(at) });
        case 'extend':
          return service.extendDeadline(e, p, { ...target, days: step.days, complexity: step.complexity, reason: step.reason });
        case 'second':
          return service.fileSecondComplaint(e, p, { firstPetitionCode: ids[i].code, subject: step.subject, channel: PetitionChannel.IN_PERSON, receivedAt: at });
      }
    })();
    ok(r, `petition ${i + 1}, ${step.do}`);
    ids[i].version++;
  }
}
