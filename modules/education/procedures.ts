/**
 * Education module catalogue (giáo dục trung học; văn bằng, chứng chỉ), Lâm Đồng province.
 *
 * Pure data. The agency code follows the `000.00.00.X00` pattern of QCVN 102:2016 but is a DEMO
 * code. Neither procedure carries a fee.
 */
import { DurationUnit } from '../../src/calendar/duration';
import {
  ApplicantKind,
  OnlineKind,
  ProcedureDefinition,
} from '../../src/procedures/procedure.types';

/** Sở Giáo dục và Đào tạo tỉnh Lâm Đồng (demo electronic code). */
export const EDUCATION_AGENCY_CODE = '000.00.09.H37';

export const EDUCATION_AGENCY_CODES = [EDUCATION_AGENCY_CODE] as const;

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

export const educationProcedures: ProcedureDefinition[] = [
  {
    code: '1.005094',
    name: 'Chuyển trường đối với học sinh trung học phổ thông',
    field: 'Giáo dục trung học',
    agencyCode: EDUCATION_AGENCY_CODE,
    onlineKind: OnlineKind.PARTIAL,
    legacyLevel: 3,
    processingTime: { amount: 3, unit: DurationUnit.WORKING_DAYS },
    applicantKinds: [ApplicantKind.PERSON],
    components: [
      {
        code: 'TP1',
        name: 'Đơn xin chuyển trường do cha mẹ hoặc người giám hộ của học sinh ký',
        required: true,
        copies: 1,
        formCode: 'DON-CT-THPT',
      },
      {
        code: 'TP2',
        name: 'Học bạ (bản chính)',
        required: true,
        copies: 1,
      },
      {
        code: 'TP3',
        name: 'Giấy chứng nhận trúng tuyển vào lớp 10 hoặc giấy xác nhận kết quả tuyển sinh vào lớp 10 (đối với học sinh chuyển trường trong năm học lớp 10)',
        required: false,
        copies: 1,
      },
      {
        code: 'TP4',
        name: 'Giấy giới thiệu chuyển trường do Hiệu trưởng trường nơi đi cấp',
        required: true,
        copies: 1,
      },
      {
        code: 'TP5',
        name: 'Giấy tờ hợp lệ chứng minh việc chuyển nơi cư trú của gia đình hoặc lý do chuyển trường (trường hợp chuyển từ tỉnh khác đến)',
        required: false,
        copies: 1,
      },
    ],
    forms: [
      {
        code: 'DON-CT-THPT',
        name: 'Đơn xin chuyển trường (dùng cho học sinh trung học phổ thông)',
        url: '/forms/education/don-xin-chuyen-truong-thpt.docx',
      },
    ],
    fees: [],
    resultKind: 'Văn bản đồng ý tiếp nhận học sinh chuyển trường; giấy giới thiệu đến trường nơi đến',
    legalBasis: [
      'Luật Giáo dục số 43/2019/QH14',
      'Quyết định số 51/2002/QĐ-BGDĐT ngày 25/12/2002 ban hành Quy định chuyển trường và tiếp nhận học sinh học tại các trường trung học',
      'Thông tư số 50/2021/TT-BGDĐT sửa đổi, bổ sung một số điều của Quy định chuyển trường và tiếp nhận học sinh học tại các trường trung học',
      'Thông tư số 32/2020/TT-BGDĐT ban hành Điều lệ trường trung học cơ sở, trường trung học phổ thông và trường phổ thông có nhiều cấp học',
    ],
    workflowKey: 'standard-no-payment',
  },
  {
    code: '2.001914',
    name: 'Cấp bản sao văn bằng, chứng chỉ từ sổ gốc',
    field: 'Văn bằng, chứng chỉ',
    agencyCode: EDUCATION_AGENCY_CODE,
    onlineKind: OnlineKind.FULL,
    legacyLevel: 4,
    // Decree 23/2015/NĐ-CP: within the day of reception, or the next working day if the request
    // is received after 15:00.
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
];
