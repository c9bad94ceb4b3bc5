/**
 * Inspectorate module catalogue (tiếp công dân, giải quyết khiếu nại, giải quyết tố cáo),
 * Lâm Đồng province.
 *
 * Pure data. The agency code follows the `000.00.00.X00` pattern of QCVN 102:2016 but is a DEMO
 * code. These procedures carry no fee. Petitions are usually filed in person or by post; "online"
 * here means the petition can be lodged and tracked on the portal while the hearing, verification
 * and dialogue happen in person (hence PARTIAL).
 *
 * Deadlines are counted in calendar days from acceptance (thụ lý), as the Law on Complaints and the
 * Law on Denunciations set them; the extensions for complex cases or remote areas are noted on
 * each entry and must be applied per case, not here.
 */
import { ApplicantKind, DurationUnit, OnlineKind, ProcedureDefinition } from '../../src/kernel';

/** Thanh tra tỉnh Lâm Đồng (demo electronic code). */
export const INSPECTORATE_AGENCY_CODE = '000.00.07.H37';

/**
 * Ủy ban nhân dân tỉnh (declared by the kernel, not here): the Thanh tra tỉnh is a body of the
 * provincial people's committee, and the committee's chairman resolves the second complaints
 * against first decisions of department-level heads, the Chánh Thanh tra tỉnh among them (Law on
 * Complaints 02/2011/QH13, art. 21(2); unverified against the gazette). The agency tree gives it as
 * the inspectorate's parent; its officers handle the petitions that reach it.
 */
const PROVINCIAL_COMMITTEE_CODE = '000.00.00.H37';

/** The agencies the module declares: they receive petitions, and the head designation is given in them. */
export const INSPECTORATE_AGENCY_CODES = [INSPECTORATE_AGENCY_CODE] as const;

/**
 * Bodies above the inspectorate that resolve the second complaints reaching them through this
 * module (not the module's own agencies: their officers handle only what comes up the tree).
 */
export const SECOND_INSTANCE_AGENCY_CODES = [PROVINCIAL_COMMITTEE_CODE] as const;

export const inspectorateAgencies: Array<{
  code: string;
  name: string;
  shortName: string;
  parentCode?: string | null;
}> = [
  {
    code: INSPECTORATE_AGENCY_CODE,
    name: 'Thanh tra tỉnh Lâm Đồng',
    shortName: 'Thanh tra tỉnh',
    // Second complaints against its head's first decisions go up the agency tree.
    parentCode: PROVINCIAL_COMMITTEE_CODE,
  },
];

const COMPLAINTS_LAW = 'Luật Khiếu nại số 02/2011/QH13 ngày 11/11/2011';
const DENUNCIATIONS_LAW = 'Luật Tố cáo số 25/2018/QH14 ngày 12/6/2018';
const CITIZEN_RECEPTION_LAW = 'Luật Tiếp công dân số 42/2013/QH13 ngày 25/11/2013';
const INSPECTION_LAW = 'Luật Thanh tra số 11/2022/QH15';
const DECREE_124 =
  'Nghị định số 124/2020/NĐ-CP ngày 19/10/2020 quy định chi tiết một số điều và biện pháp thi hành Luật Khiếu nại';
const DECREE_31 =
  'Nghị định số 31/2019/NĐ-CP ngày 10/4/2019 quy định chi tiết một số điều và biện pháp tổ chức thi hành Luật Tố cáo';
const DECREE_64 =
  'Nghị định số 64/2014/NĐ-CP ngày 26/6/2014 quy định chi tiết thi hành một số điều của Luật Tiếp công dân';
const CIRCULAR_04_2021 = 'Thông tư số 04/2021/TT-TTCP của Thanh tra Chính phủ quy định quy trình tiếp công dân';
const CIRCULAR_05_2021 =
  'Thông tư số 05/2021/TT-TTCP của Thanh tra Chính phủ quy định quy trình xử lý đơn khiếu nại, đơn tố cáo, đơn kiến nghị, phản ánh';

export const inspectorateProcedures: ProcedureDefinition[] = [
  {
    code: '2.002186',
    name: 'Giải quyết khiếu nại lần đầu tại cấp tỉnh',
    field: 'Giải quyết khiếu nại',
    agencyCode: INSPECTORATE_AGENCY_CODE,
    onlineKind: OnlineKind.PARTIAL,
    legacyLevel: 3,
    // Law on Complaints art. 28: no more than 30 days from acceptance; complex cases up to 45 days;
    // remote areas 45 days, complex cases there up to 60 days.
    processingTime: { amount: 30, unit: DurationUnit.CALENDAR_DAYS },
    applicantKinds: [ApplicantKind.PERSON, ApplicantKind.ORGANIZATION],
    components: [
      {
        code: 'TP1',
        name: 'Đơn khiếu nại hoặc văn bản ghi nội dung khiếu nại trực tiếp (có chữ ký hoặc điểm chỉ của người khiếu nại)',
        required: true,
        copies: 1,
        formCode: 'DON-KN',
      },
      {
        code: 'TP2',
        name: 'Quyết định hành chính hoặc tài liệu về hành vi hành chính bị khiếu nại',
        required: false,
        copies: 1,
      },
      {
        code: 'TP3',
        name: 'Tài liệu, chứng cứ liên quan đến nội dung khiếu nại (nếu có)',
        required: false,
        copies: 1,
      },
      {
        code: 'TP4',
        name: 'Giấy tờ chứng minh tính hợp pháp của việc đại diện hoặc văn bản ủy quyền khiếu nại (trường hợp khiếu nại thông qua người đại diện, người được ủy quyền)',
        required: false,
        copies: 1,
      },
    ],
    forms: [
      {
        code: 'DON-KN',
        name: 'Đơn khiếu nại (mẫu tham khảo theo Nghị định 124/2020/NĐ-CP)',
        url: '/forms/inspectorate/don-khieu-nai.docx',
      },
    ],
    fees: [],
    resultKind: 'Quyết định giải quyết khiếu nại lần đầu',
    legalBasis: [COMPLAINTS_LAW, DECREE_124, CIRCULAR_05_2021, INSPECTION_LAW],
    // Filed as petitions, never as dossiers (forms.ts refuses them): the kernel workflow is a formality.
    workflowKey: 'standard-no-payment',
  },
  {
    code: '2.002189',
    name: 'Giải quyết tố cáo tại cấp tỉnh',
    field: 'Giải quyết tố cáo',
    agencyCode: INSPECTORATE_AGENCY_CODE,
    onlineKind: OnlineKind.PARTIAL,
    legacyLevel: 3,
    // Law on Denunciations art. 30: no more than 30 days from acceptance; complex cases may be
    // extended once by up to 30 days, especially complex cases twice, each by up to 30 days.
    processingTime: { amount: 30, unit: DurationUnit.CALENDAR_DAYS },
    applicantKinds: [ApplicantKind.PERSON],
    components: [
      {
        code: 'TP1',
        name: 'Đơn tố cáo hoặc văn bản ghi nội dung tố cáo trực tiếp (ghi rõ họ tên, địa chỉ của người tố cáo; có chữ ký hoặc điểm chỉ)',
        required: true,
        copies: 1,
        formCode: 'DON-TC',
        note: 'Thông tin về người tố cáo được giữ bí mật; đơn nặc danh không được xử lý theo thủ tục giải quyết tố cáo.',
      },
      {
        code: 'TP2',
        name: 'Thông tin, tài liệu, chứng cứ liên quan đến nội dung tố cáo (nếu có)',
        required: false,
        copies: 1,
      },
      {
        code: 'TP3',
        name: 'Văn bản cử người đại diện (trường hợp nhiều người cùng tố cáo về một nội dung)',
        required: false,
        copies: 1,
      },
    ],
    forms: [
      {
        code: 'DON-TC',
        name: 'Đơn tố cáo (mẫu tham khảo theo Nghị định 31/2019/NĐ-CP)',
        url: '/forms/inspectorate/don-to-cao.docx',
      },
    ],
    fees: [],
    resultKind: 'Kết luận nội dung tố cáo; thông báo kết quả giải quyết tố cáo cho người tố cáo',
    legalBasis: [DENUNCIATIONS_LAW, DECREE_31, CIRCULAR_05_2021, INSPECTION_LAW],
    // Filed as petitions, never as dossiers (forms.ts refuses them): the kernel workflow is a formality.
    workflowKey: 'standard-no-payment',
  },
  {
    code: '2.002192',
    name: 'Tiếp công dân tại cấp tỉnh',
    field: 'Tiếp công dân',
    agencyCode: INSPECTORATE_AGENCY_CODE,
    onlineKind: OnlineKind.PARTIAL,
    legacyLevel: 3,
    // Law on Citizen Reception: the person receiving citizens answers or notifies in writing
    // within 10 days of receiving the complaint, denunciation, recommendation or reflection.
    processingTime: { amount: 10, unit: DurationUnit.CALENDAR_DAYS },
    applicantKinds: [ApplicantKind.PERSON, ApplicantKind.ORGANIZATION],
    components: [
      {
        code: 'TP1',
        name: 'Đơn khiếu nại, tố cáo, kiến nghị, phản ánh hoặc nội dung trình bày trực tiếp (được ghi thành văn bản)',
        required: true,
        copies: 1,
        formCode: 'PHIEU-TCD',
      },
      {
        code: 'TP2',
        name: 'Giấy tờ tùy thân của công dân (Thẻ căn cước công dân/Thẻ căn cước) hoặc giấy giới thiệu, giấy ủy quyền (đối với người đại diện)',
        required: true,
        copies: 1,
        note: 'Xuất trình để đối chiếu, không thu lại.',
      },
      {
        code: 'TP3',
        name: 'Tài liệu, chứng cứ liên quan (nếu có)',
        required: false,
        copies: 1,
      },
    ],
    forms: [
      {
        code: 'PHIEU-TCD',
        name: 'Phiếu đăng ký tiếp công dân / sổ tiếp công dân (mẫu tham khảo theo Thông tư 04/2021/TT-TTCP)',
        url: '/forms/inspectorate/phieu-tiep-cong-dan.docx',
      },
    ],
    fees: [],
    resultKind:
      'Trả lời, hướng dẫn trực tiếp hoặc thông báo bằng văn bản về việc thụ lý, chuyển đơn hoặc không thụ lý',
    legalBasis: [CITIZEN_RECEPTION_LAW, DECREE_64, CIRCULAR_04_2021, CIRCULAR_05_2021],
    workflowKey: 'standard-no-payment',
  },
];
