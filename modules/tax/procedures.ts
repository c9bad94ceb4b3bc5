/**
 * Tax module catalogue (lĩnh vực Thuế — đăng ký thuế), Lâm Đồng province.
 *
 * Pure data. The agency code follows the `000.00.00.X00` pattern of QCVN 102:2016 but is a DEMO
 * code, not the registered one. Tax registration carries no fee or charge.
 *
 * Since 2025 the provincial tax department (Cục Thuế tỉnh) is reorganised as "Thuế tỉnh". Since
 * 1 July 2025 an individual's 12-digit personal identification number (CCCD) serves as the tax
 * code; organisations keep 10-digit codes (13 with a `-NNN` branch suffix).
 */
import { ApplicantKind, DurationUnit, OnlineKind, ProcedureDefinition } from '../../src/kernel';

/** Thuế tỉnh Lâm Đồng (demo electronic code). */
export const TAX_AGENCY_CODE = '000.00.30.H37';

export const TAX_AGENCY_CODES = [TAX_AGENCY_CODE] as const;

/**
 * Ký hiệu of the agency's notices to pay (Decree 30/2020: type `TB`, then the issuer's
 * abbreviation). DEMO abbreviation: the registered one of Thuế tỉnh Lâm Đồng was not verified.
 */
export const TAX_NOTICE_NOTATIONS: Record<string, string> = { [TAX_AGENCY_CODE]: 'TB-TLĐ' };

/** Taxpayer registration of an organisation (mã số thuế 10 chữ số). */
export const REGISTRATION_ORGANISATION = '1.007749';
/** Taxpayer registration of an individual or household business (the CCCD is the code). */
export const REGISTRATION_INDIVIDUAL = '1.007752';
/** Change of registration information. */
export const REGISTRATION_CHANGE = '1.007766';
/**
 * PIT and registration fee on a transfer of land filed directly with the tax office. UNVERIFIED
 * national code: a placeholder in the national pattern, the real code was not found.
 */
export const LAND_TRANSFER_DECLARATION = '1.007769';
/** Re-issue of the registration certificate. UNVERIFIED national code (issue 19, defect 12: a 1-working-day procedure). */
const CERTIFICATE_REISSUE = '1.007770';

export const taxAgencies: Array<{
  code: string;
  name: string;
  shortName: string;
  parentCode?: string | null;
}> = [
  {
    code: TAX_AGENCY_CODE,
    name: 'Thuế tỉnh Lâm Đồng',
    shortName: 'Thuế tỉnh',
    parentCode: null,
  },
];

const TAX_ADMIN_LAW = 'Luật Quản lý thuế số 38/2019/QH14 ngày 13/6/2019';
const DECREE_126 =
  'Nghị định số 126/2020/NĐ-CP ngày 19/10/2020 quy định chi tiết một số điều của Luật Quản lý thuế';
const CIRCULAR_86 = 'Thông tư số 86/2024/TT-BTC của Bộ Tài chính quy định về đăng ký thuế';
const CIRCULAR_80 = 'Thông tư số 80/2021/TT-BTC ngày 29/9/2021 hướng dẫn thi hành một số điều của Luật Quản lý thuế và Nghị định 126/2020/NĐ-CP';
const PIT_LAW = 'Luật Thuế thu nhập cá nhân số 04/2007/QH12 (sửa đổi, bổ sung 2012, 2014)';
const DECREE_10_2022 = 'Nghị định số 10/2022/NĐ-CP ngày 15/01/2022 của Chính phủ quy định về lệ phí trước bạ';

export const taxProcedures: ProcedureDefinition[] = [
  {
    code: REGISTRATION_ORGANISATION,
    name: 'Đăng ký thuế lần đầu đối với người nộp thuế là tổ chức kinh tế, tổ chức khác',
    field: 'Thuế',
    agencyCode: TAX_AGENCY_CODE,
    onlineKind: OnlineKind.FULL,
    legacyLevel: 4,
    // Law on Tax Administration art. 34: the certificate is issued within 03 working days of a
    // complete dossier.
    processingTime: { amount: 3, unit: DurationUnit.WORKING_DAYS },
    // An organisation being founded has no tax code yet: its legal representative files as a
    // person; a branch is registered by its parent organisation (under the parent's code).
    applicantKinds: [ApplicantKind.ORGANIZATION, ApplicantKind.PERSON],
    components: [
      {
        code: 'TP1',
        name: 'Tờ khai đăng ký thuế theo Mẫu số 01-ĐK-TCT',
        required: true,
        copies: 1,
        formCode: '01-DK-TCT',
      },
      {
        code: 'TP2',
        name: 'Bảng kê các đơn vị phụ thuộc theo Mẫu số 01-ĐK-TCT-BK (nếu có)',
        required: false,
        copies: 1,
        formCode: '01-DK-TCT-BK',
      },
      {
        code: 'TP3',
        name: 'Giấy phép thành lập và hoạt động, quyết định thành lập hoặc văn bản tương đương do cơ quan có thẩm quyền cấp',
        required: true,
        copies: 1,
        note: 'Bản sao; không yêu cầu chứng thực khi nộp qua cổng điện tử.',
      },
      {
        code: 'TP4',
        name: 'Văn bản ủy quyền cho đại lý thuế hoặc người đại diện nộp hồ sơ (nếu có)',
        required: false,
        copies: 1,
      },
    ],
    forms: [
      {
        code: '01-DK-TCT',
        name: 'Tờ khai đăng ký thuế dùng cho tổ chức (Mẫu số 01-ĐK-TCT)',
        url: '/forms/tax/01-dk-tct.docx',
      },
      {
        code: '01-DK-TCT-BK',
        name: 'Bảng kê các đơn vị phụ thuộc (Mẫu số 01-ĐK-TCT-BK)',
        url: '/forms/tax/01-dk-tct-bk.docx',
      },
    ],
    fees: [],
    resultKind: 'Giấy chứng nhận đăng ký thuế (mã số thuế 10 chữ số)',
    legalBasis: [TAX_ADMIN_LAW, DECREE_126, CIRCULAR_86],
    workflowKey: 'standard-no-payment',
  },
  {
    code: REGISTRATION_INDIVIDUAL,
    name: 'Đăng ký thuế lần đầu đối với người nộp thuế là cá nhân, hộ kinh doanh',
    field: 'Thuế',
    agencyCode: TAX_AGENCY_CODE,
    onlineKind: OnlineKind.FULL,
    legacyLevel: 4,
    processingTime: { amount: 3, unit: DurationUnit.WORKING_DAYS },
    applicantKinds: [ApplicantKind.PERSON],
    components: [
      {
        code: 'TP1',
        name: 'Tờ khai đăng ký thuế theo Mẫu số 05-ĐK-TCT',
        required: true,
        copies: 1,
        formCode: '05-DK-TCT',
        note: 'Số định danh cá nhân được dùng làm mã số thuế; cơ quan thuế đối chiếu với Cơ sở dữ liệu quốc gia về dân cư.',
      },
      {
        code: 'TP2',
        name: 'Bản sao Thẻ căn cước công dân hoặc Thẻ căn cước (đối với cá nhân chưa được xác thực định danh điện tử)',
        required: false,
        copies: 1,
      },
      {
        code: 'TP3',
        name: 'Bản sao Hộ chiếu (đối với cá nhân là người nước ngoài)',
        required: false,
        copies: 1,
      },
      {
        code: 'TP4',
        name: 'Văn bản ủy quyền (trường hợp ủy quyền cho tổ chức chi trả thu nhập hoặc người khác đăng ký thay)',
        required: false,
        copies: 1,
      },
    ],
    forms: [
      {
        code: '05-DK-TCT',
        name: 'Tờ khai đăng ký thuế dùng cho cá nhân (Mẫu số 05-ĐK-TCT)',
        url: '/forms/tax/05-dk-tct.docx',
      },
    ],
    fees: [],
    resultKind: 'Thông báo mã số thuế hoặc Giấy chứng nhận đăng ký thuế',
    legalBasis: [TAX_ADMIN_LAW, DECREE_126, CIRCULAR_86],
    workflowKey: 'standard-no-payment',
  },
  {
    code: REGISTRATION_CHANGE,
    name: 'Thay đổi thông tin đăng ký thuế',
    field: 'Thuế',
    agencyCode: TAX_AGENCY_CODE,
    onlineKind: OnlineKind.FULL,
    legacyLevel: 4,
    // 02 working days to update the registration; 03 when a certificate has to be reissued.
    processingTime: { amount: 2, unit: DurationUnit.WORKING_DAYS },
    applicantKinds: [ApplicantKind.ORGANIZATION, ApplicantKind.PERSON],
    components: [
      {
        code: 'TP1',
        name: 'Tờ khai điều chỉnh, bổ sung thông tin đăng ký thuế theo Mẫu số 08-MST',
        required: true,
        copies: 1,
        formCode: '08-MST',
      },
      {
        code: 'TP2',
        name: 'Bản sao giấy tờ chứng minh nội dung thay đổi (quyết định, giấy phép điều chỉnh hoặc văn bản tương đương)',
        required: true,
        copies: 1,
      },
      {
        code: 'TP3',
        name: 'Giấy chứng nhận đăng ký thuế đã cấp (trường hợp thay đổi thông tin trên Giấy chứng nhận)',
        required: false,
        copies: 1,
      },
    ],
    forms: [
      {
        code: '08-MST',
        name: 'Tờ khai điều chỉnh, bổ sung thông tin đăng ký thuế (Mẫu số 08-MST)',
        url: '/forms/tax/08-mst.docx',
      },
    ],
    fees: [],
    resultKind:
      'Thông báo về việc cập nhật thông tin đăng ký thuế; Giấy chứng nhận đăng ký thuế cấp lại (nếu thông tin trên Giấy chứng nhận thay đổi)',
    legalBasis: [TAX_ADMIN_LAW, DECREE_126, CIRCULAR_86],
    workflowKey: 'standard-no-payment',
  },
  {
    code: LAND_TRANSFER_DECLARATION,
    name: 'Khai thuế thu nhập cá nhân và lệ phí trước bạ đối với chuyển nhượng bất động sản',
    field: 'Thuế',
    agencyCode: TAX_AGENCY_CODE,
    onlineKind: OnlineKind.FULL,
    // Unverified: 05 working days for the tax office to determine and notify the obligations once
    // the dossier is complete, as practised in the inter-agency land procedure.
    processingTime: { amount: 5, unit: DurationUnit.WORKING_DAYS },
    applicantKinds: [ApplicantKind.PERSON, ApplicantKind.ORGANIZATION],
    components: [
      {
        code: 'TP1',
        name: 'Tờ khai thuế thu nhập cá nhân theo Mẫu số 03/BĐS-TNCN',
        required: true,
        copies: 1,
        formCode: '03/BDS-TNCN',
      },
      {
        code: 'TP2',
        name: 'Tờ khai lệ phí trước bạ nhà, đất theo Mẫu số 01/LPTB',
        required: true,
        copies: 1,
        formCode: '01/LPTB',
      },
      {
        code: 'TP3',
        name: 'Hợp đồng chuyển nhượng quyền sử dụng đất đã được công chứng hoặc chứng thực',
        required: true,
        copies: 1,
      },
      {
        code: 'TP4',
        name: 'Bản sao Giấy chứng nhận quyền sử dụng đất',
        required: true,
        copies: 1,
      },
      {
        code: 'TP5',
        name: 'Giấy tờ chứng minh quan hệ gia đình để được miễn thuế, lệ phí (nếu có)',
        required: false,
        copies: 1,
        note: 'Giấy khai sinh, giấy chứng nhận kết hôn, xác nhận của cơ quan có thẩm quyền; không yêu cầu nếu đã có trong Cơ sở dữ liệu quốc gia về dân cư.',
      },
    ],
    forms: [
      { code: '03/BDS-TNCN', name: 'Tờ khai thuế thu nhập cá nhân (Mẫu số 03/BĐS-TNCN)', url: '/forms/tax/03-bds-tncn.docx' },
      { code: '01/LPTB', name: 'Tờ khai lệ phí trước bạ nhà, đất (Mẫu số 01/LPTB)', url: '/forms/tax/01-lptb.docx' },
    ],
    fees: [],
    resultKind: 'Thông báo nộp thuế thu nhập cá nhân và lệ phí trước bạ (hoặc thông báo miễn)',
    legalBasis: [TAX_ADMIN_LAW, DECREE_126, CIRCULAR_80, PIT_LAW, DECREE_10_2022],
    workflowKey: 'tax-land-transfer',
  },
  {
    code: CERTIFICATE_REISSUE,
    name: 'Cấp lại Giấy chứng nhận đăng ký thuế',
    field: 'Thuế',
    agencyCode: TAX_AGENCY_CODE,
    onlineKind: OnlineKind.FULL,
    legacyLevel: 4,
    // Demo value of 01 working day; the time the Law on Tax Administration and Circular 86/2024/TT-BTC
    // set for a re-issue is unverified.
    processingTime: { amount: 1, unit: DurationUnit.WORKING_DAYS },
    applicantKinds: [ApplicantKind.ORGANIZATION, ApplicantKind.PERSON],
    components: [
      {
        code: 'TP1',
        name: 'Văn bản đề nghị cấp lại Giấy chứng nhận đăng ký thuế (Mẫu số 13-MST)',
        required: true,
        copies: 1,
        formCode: '13-MST',
      },
    ],
    forms: [{ code: '13-MST', name: 'Văn bản đề nghị cấp lại Giấy chứng nhận đăng ký thuế (Mẫu số 13-MST)', url: '/forms/tax/13-mst.docx' }],
    fees: [],
    resultKind: 'Giấy chứng nhận đăng ký thuế (cấp lại)',
    legalBasis: [TAX_ADMIN_LAW, DECREE_126, CIRCULAR_86],
    workflowKey: 'standard-no-payment',
  },
];
