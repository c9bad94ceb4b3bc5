/**
 * Education module catalogue (giáo dục trung học; văn bằng, chứng chỉ), Lâm Đồng province.
 *
 * Pure data. The agency code follows the `000.00.00.X00` pattern of QCVN 102:2016 but is a DEMO
 * code. Procedure codes are those of the national database where a source was found; each is
 * marked. None of these procedures carries a fee.
 *
 * School transfers: since 10 May 2026 the rules are in the school charter issued by Circular
 * 15/2026/TT-BGDĐT (24 March 2026), which replaced Decision 51/2002/QĐ-BGDĐT and Circular
 * 50/2021/TT-BGDĐT (verify: the components and time limits below come from one secondary
 * source): the dossier is the application, the summary of conduct and learning results, and
 * for a pupil with a disability the individual education plan; the receiving school answers
 * within 5 working days (8 from another province) and no longer only at the end of term I or
 * in the summer.
 */
import { ApplicantKind, DossierComponentDefinition, DurationUnit, OnlineKind, ProcedureDefinition } from '../../src/kernel';

/** Sở Giáo dục và Đào tạo tỉnh Lâm Đồng (demo electronic code). */
export const EDUCATION_AGENCY_CODE = '000.00.09.H37';


export const EDUCATION_PROCEDURE = {
  /** National code seen in one third-party copy of the national database (verify). */
  TRANSFER_LOWER_SECONDARY: '2.002481',
  /** Unverified: kept from the earlier catalogue, no source found. */
  TRANSFER_UPPER_SECONDARY: '1.005094',
  /** Unverified: kept from the earlier catalogue, no source found. */
  DIPLOMA_COPY: '2.001914',
  /** Unverified placeholder in the national pattern (issue 19, defect 12: a 7-working-day procedure). */
  DIPLOMA_CORRECTION: '2.001915',
  /** Unverified placeholder in the national pattern (issue 19, defect 12: a 30-working-day procedure). */
  PRIVATE_SCHOOL_OPENING: '1.005095',
} as const;

export const educationAgencies: Array<{
  code: string;
  name: string;
  shortName: string;
  parentCode?: string | null;
}> = [
  {
    code: EDUCATION_AGENCY_CODE,
    name: 'Sở Giáo dục và Đào tạo tỉnh Lâm Đồng',
    shortName: 'Sở GD&ĐT',
    parentCode: null,
  },
];

const EDUCATION_LAW = 'Luật Giáo dục số 43/2019/QH14';
const SCHOOL_CHARTER_2026 =
  'Thông tư số 15/2026/TT-BGDĐT ngày 24/3/2026 ban hành Điều lệ trường tiểu học, trường trung học cơ sở, trường trung học phổ thông và trường phổ thông có nhiều cấp học (thay thế Quyết định số 51/2002/QĐ-BGDĐT và Thông tư số 50/2021/TT-BGDĐT từ ngày 10/5/2026)';

const transferComponents: DossierComponentDefinition[] = [
  {
    code: 'TP1',
    name: 'Đơn xin chuyển trường của học sinh hoặc cha mẹ, người giám hộ học sinh',
    required: true,
    copies: 1,
    formCode: 'DON-CT',
  },
  {
    code: 'TP2',
    name: 'Bảng tổng hợp kết quả đánh giá rèn luyện và học tập của học sinh',
    required: true,
    copies: 1,
  },
  {
    code: 'TP3',
    name: 'Kế hoạch giáo dục cá nhân (đối với học sinh khuyết tật)',
    required: false,
    copies: 1,
  },
];

const transferForms = [
  { code: 'DON-CT', name: 'Đơn xin chuyển trường', url: '/forms/education/don-xin-chuyen-truong.docx' },
];

export const educationProcedures: ProcedureDefinition[] = [
  {
    code: EDUCATION_PROCEDURE.TRANSFER_LOWER_SECONDARY,
    name: 'Chuyển trường đối với học sinh trung học cơ sở',
    field: 'Giáo dục trung học',
    agencyCode: EDUCATION_AGENCY_CODE,
    onlineKind: OnlineKind.FULL,
    legacyLevel: 4,
    processingTime: { amount: 5, unit: DurationUnit.WORKING_DAYS },
    applicantKinds: [ApplicantKind.PERSON],
    components: transferComponents,
    forms: transferForms,
    fees: [],
    resultKind: 'Văn bản đồng ý tiếp nhận học sinh chuyển trường; xếp lớp tại trường nơi đến',
    legalBasis: [EDUCATION_LAW, SCHOOL_CHARTER_2026],
    workflowKey: 'education-school-transfer',
  },
  {
    code: EDUCATION_PROCEDURE.TRANSFER_UPPER_SECONDARY,
    name: 'Chuyển trường đối với học sinh trung học phổ thông',
    field: 'Giáo dục trung học',
    agencyCode: EDUCATION_AGENCY_CODE,
    onlineKind: OnlineKind.FULL,
    legacyLevel: 4,
    processingTime: { amount: 5, unit: DurationUnit.WORKING_DAYS },
    applicantKinds: [ApplicantKind.PERSON],
    components: transferComponents,
    forms: transferForms,
    fees: [],
    resultKind: 'Văn bản đồng ý tiếp nhận học sinh chuyển trường; xếp lớp tại trường nơi đến',
    legalBasis: [EDUCATION_LAW, SCHOOL_CHARTER_2026],
    workflowKey: 'education-school-transfer',
  },
  {
    code: EDUCATION_PROCEDURE.DIPLOMA_COPY,
    name: 'Cấp bản sao văn bằng, chứng chỉ từ sổ gốc',
    field: 'Văn bằng, chứng chỉ',
    agencyCode: EDUCATION_AGENCY_CODE,
    onlineKind: OnlineKind.FULL,
    legacyLevel: 4,
    // Decree 23/2015/NĐ-CP art. 21: within the day of reception, or the next working day if the
    // request is received after 15:00.
    processingTime: { amount: 1, unit: DurationUnit.SAME_DAY },
    applicantKinds: [ApplicantKind.PERSON],
    components: [
      {
        code: 'TP1',
        name: 'Đơn đề nghị cấp bản sao văn bằng, chứng chỉ từ sổ gốc',
        required: true,
        copies: 1,
        formCode: 'DON-BSVB',
      },
      {
        code: 'TP2',
        name: 'Thẻ căn cước công dân hoặc Thẻ căn cước, Hộ chiếu còn giá trị sử dụng của người được cấp bản chính văn bằng, chứng chỉ (xuất trình để đối chiếu)',
        required: true,
        copies: 1,
      },
      {
        code: 'TP3',
        name: 'Giấy ủy quyền hoặc giấy tờ chứng minh quan hệ với người được cấp bản chính (trường hợp người khác yêu cầu thay)',
        required: false,
        copies: 1,
      },
      {
        code: 'TP4',
        name: 'Phong bì có ghi rõ địa chỉ người nhận và dán tem (trường hợp gửi yêu cầu và nhận kết quả qua bưu chính)',
        required: false,
        copies: 1,
      },
    ],
    forms: [
      {
        code: 'DON-BSVB',
        name: 'Đơn đề nghị cấp bản sao văn bằng, chứng chỉ từ sổ gốc',
        url: '/forms/education/don-cap-ban-sao-van-bang.docx',
      },
    ],
    fees: [],
    resultKind: 'Bản sao văn bằng, chứng chỉ từ sổ gốc',
    legalBasis: [
      'Nghị định số 23/2015/NĐ-CP ngày 16/02/2015 về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký và chứng thực hợp đồng, giao dịch',
      'Thông tư số 21/2019/TT-BGDĐT ban hành Quy chế quản lý bằng tốt nghiệp trung học cơ sở, bằng tốt nghiệp trung học phổ thông, văn bằng giáo dục đại học và chứng chỉ của hệ thống giáo dục quốc dân',
    ],
    workflowKey: 'standard-no-payment',
  },
  {
    code: EDUCATION_PROCEDURE.DIPLOMA_CORRECTION,
    name: 'Chỉnh sửa nội dung văn bằng, chứng chỉ',
    field: 'Văn bằng, chứng chỉ',
    agencyCode: EDUCATION_AGENCY_CODE,
    onlineKind: OnlineKind.PARTIAL,
    legacyLevel: 3,
    // Demo value of 07 working days; the time Circular 21/2019/TT-BGDĐT sets is unverified.
    processingTime: { amount: 7, unit: DurationUnit.WORKING_DAYS },
    applicantKinds: [ApplicantKind.PERSON],
    components: [
      {
        code: 'TP1',
        name: 'Đơn đề nghị chỉnh sửa nội dung văn bằng, chứng chỉ',
        required: true,
        copies: 1,
        formCode: 'DON-CSVB',
      },
      {
        code: 'TP2',
        name: 'Văn bằng, chứng chỉ đề nghị chỉnh sửa (bản chính)',
        required: true,
        copies: 1,
      },
      {
        code: 'TP3',
        name: 'Quyết định cho phép thay đổi hoặc cải chính hộ tịch, xác định lại dân tộc, xác định lại giới tính (bản sao có chứng thực)',
        required: true,
        copies: 1,
      },
    ],
    forms: [{ code: 'DON-CSVB', name: 'Đơn đề nghị chỉnh sửa nội dung văn bằng, chứng chỉ', url: '/forms/education/don-chinh-sua-van-bang.docx' }],
    fees: [],
    resultKind: 'Quyết định chỉnh sửa văn bằng, chứng chỉ và văn bằng, chứng chỉ đã chỉnh sửa',
    legalBasis: [
      EDUCATION_LAW,
      'Thông tư số 21/2019/TT-BGDĐT ban hành Quy chế quản lý bằng tốt nghiệp trung học cơ sở, bằng tốt nghiệp trung học phổ thông, văn bằng giáo dục đại học và chứng chỉ của hệ thống giáo dục quốc dân',
    ],
    workflowKey: 'standard-no-payment',
  },
  {
    code: EDUCATION_PROCEDURE.PRIVATE_SCHOOL_OPENING,
    name: 'Cho phép trường trung học phổ thông tư thục hoạt động giáo dục',
    field: 'Giáo dục trung học',
    agencyCode: EDUCATION_AGENCY_CODE,
    onlineKind: OnlineKind.PARTIAL,
    legacyLevel: 3,
    // Demo value of 30 working days (appraisal includes an on-site inspection); the time Decree
    // 125/2024/NĐ-CP sets is unverified.
    processingTime: { amount: 30, unit: DurationUnit.WORKING_DAYS },
    applicantKinds: [ApplicantKind.ORGANIZATION],
    components: [
      {
        code: 'TP1',
        name: 'Tờ trình đề nghị cho phép hoạt động giáo dục',
        required: true,
        copies: 1,
      },
      {
        code: 'TP2',
        name: 'Quyết định thành lập hoặc cho phép thành lập trường (bản sao)',
        required: true,
        copies: 1,
      },
      {
        code: 'TP3',
        name: 'Báo cáo về đội ngũ, cơ sở vật chất, thiết bị dạy học, chương trình giáo dục và quy chế tổ chức, hoạt động của trường',
        required: true,
        copies: 1,
      },
    ],
    forms: [],
    fees: [],
    resultKind: 'Quyết định cho phép hoạt động giáo dục',
    legalBasis: [EDUCATION_LAW, 'Nghị định số 125/2024/NĐ-CP ngày 05/10/2024 quy định về điều kiện đầu tư và hoạt động trong lĩnh vực giáo dục'],
    workflowKey: 'standard-no-payment',
  },
];
