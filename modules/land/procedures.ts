/**
 * Land module catalogue (lĩnh vực Đất đai / Đăng ký biện pháp bảo đảm), Lâm Đồng province.
 *
 * Pure data. Agency codes follow the `000.00.00.X00` pattern of QCVN 102:2016 but are DEMO codes
 * for Lâm Đồng, not the province's registered codes. Fee amounts are DEMO values in the range of
 * provincial council (HĐND tỉnh) resolutions; check the province's current resolution before use.
 * National procedure codes marked "unverified" in the module report were not confirmed against
 * the national database (csdl.dichvucong.gov.vn).
 *
 * Since 2025 the Department of Natural Resources and Environment is merged into the Department
 * of Agriculture and Environment; the land registration office (Văn phòng đăng ký đất đai)
 * is its subordinate unit. Dossier forms follow Decree 151/2025/NĐ-CP (Mẫu số 15, 18), which
 * replaced Mẫu số 04/ĐK and 11/ĐK of Decree 101/2024/NĐ-CP.
 */
import { ApplicantKind, DurationUnit, FeeKind, OnlineKind, ProcedureDefinition } from '../../src/kernel';

/** Sở Nông nghiệp và Môi trường tỉnh Lâm Đồng (demo electronic code). */
export const LAND_AGENCY_CODE = '000.00.13.H37';
/** Văn phòng đăng ký đất đai tỉnh Lâm Đồng, under the department (demo electronic code). */
export const LAND_REGISTRATION_OFFICE_CODE = '000.13.01.H37';

export const LAND_AGENCY_CODES = [LAND_AGENCY_CODE, LAND_REGISTRATION_OFFICE_CODE] as const;

/** National codes of the land procedures (see the note on unverified codes above). */
export const LAND_PROCEDURE = {
  FIRST_REGISTRATION: '1.012780',
  TRANSFER: '1.013831',
  MORTGAGE: '1.011543',
  // Unverified: not confirmed against csdl.dichvucong.gov.vn (Decision 2546/QĐ-BTP lists the procedure).
  MORTGAGE_RELEASE: '1.011544',
  // Unverified: not confirmed against csdl.dichvucong.gov.vn.
  REISSUE_LOST: '1.012793',
  // Unverified placeholder in the national pattern (issue 19, defect 12: a 0.5-working-day procedure).
  MORTGAGE_CHANGE: '1.011545',
  // Unverified placeholder in the national pattern (issue 19, defect 12: a 15-working-day procedure).
  PARCEL_SPLIT_MERGE: '1.012795',
} as const;

/** The workflow of the inter-agency transfer (see `workflows.ts`). */
export const LAND_TRANSFER_WORKFLOW = 'land-transfer-interagency';

export const landAgencies: Array<{
  code: string;
  name: string;
  shortName: string;
  parentCode?: string | null;
}> = [
  {
    code: LAND_AGENCY_CODE,
    name: 'Sở Nông nghiệp và Môi trường tỉnh Lâm Đồng',
    shortName: 'Sở NN&MT',
    parentCode: null,
  },
  {
    code: LAND_REGISTRATION_OFFICE_CODE,
    name: 'Văn phòng đăng ký đất đai tỉnh Lâm Đồng',
    shortName: 'VPĐKĐĐ',
    parentCode: LAND_AGENCY_CODE,
  },
];

const LAND_LAW = 'Luật Đất đai số 31/2024/QH15 ngày 18/01/2024';
const DECREE_101 =
  'Nghị định số 101/2024/NĐ-CP ngày 29/7/2024 quy định về điều tra cơ bản đất đai; đăng ký, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất và Hệ thống thông tin đất đai';
const DECREE_151 =
  'Nghị định số 151/2025/NĐ-CP ngày 12/6/2025 quy định về phân định thẩm quyền của chính quyền địa phương 02 cấp, phân quyền, phân cấp trong lĩnh vực đất đai';
const FEE_LAW = 'Luật Phí và lệ phí số 97/2015/QH13';
const DEMO_FEE_NOTE =
  'Mức demo; mức thực tế theo Nghị quyết của HĐND tỉnh Lâm Đồng về phí, lệ phí trong lĩnh vực đất đai.';

export const landProcedures: ProcedureDefinition[] = [
  {
    code: LAND_PROCEDURE.FIRST_REGISTRATION,
    name: 'Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất lần đầu',
    field: 'Đất đai',
    agencyCode: LAND_AGENCY_CODE,
    onlineKind: OnlineKind.PARTIAL,
    legacyLevel: 3,
    // Decree 101/2024/NĐ-CP: đăng ký, cấp Giấy chứng nhận lần đầu không quá 20 ngày làm việc
    // (đăng ký đất đai lần đầu không cấp Giấy chứng nhận: 17 ngày; vùng khó khăn thêm 10 ngày).
    processingTime: { amount: 20, unit: DurationUnit.WORKING_DAYS },
    applicantKinds: [ApplicantKind.ORGANIZATION, ApplicantKind.PERSON],
    components: [
      {
        code: 'TP1',
        name: 'Đơn đăng ký đất đai, tài sản gắn liền với đất theo Mẫu số 15/ĐK',
        required: true,
        copies: 1,
        formCode: 'MAU-15-DK',
      },
      {
        code: 'TP2',
        name: 'Một trong các loại giấy tờ về quyền sử dụng đất quy định tại Điều 137 Luật Đất đai (nếu có)',
        required: false,
        copies: 1,
        note: 'Bản sao có chứng thực hoặc bản sao kèm bản chính để đối chiếu.',
      },
      {
        code: 'TP3',
        name: 'Giấy tờ về quyền sở hữu nhà ở, công trình xây dựng gắn liền với đất; sơ đồ nhà ở, công trình xây dựng (nếu có)',
        required: false,
        copies: 1,
      },
      {
        code: 'TP4',
        name: 'Mảnh trích đo bản đồ địa chính thửa đất (nếu có)',
        required: false,
        copies: 1,
      },
      {
        code: 'TP5',
        name: 'Chứng từ thực hiện nghĩa vụ tài chính; giấy tờ liên quan đến việc miễn, giảm nghĩa vụ tài chính về đất đai (nếu có)',
        required: false,
        copies: 1,
      },
      {
        code: 'TP6',
        name: 'Văn bản xác định các thành viên có chung quyền sử dụng đất của hộ gia đình (nếu có)',
        required: false,
        copies: 1,
      },
    ],
    forms: [
      {
        code: 'MAU-15-DK',
        name: 'Đơn đăng ký đất đai, tài sản gắn liền với đất (Mẫu số 15/ĐK)',
        url: '/forms/land/mau-15-dk.docx',
      },
    ],
    fees: [
      {
        kind: FeeKind.FEE,
        name: 'Lệ phí cấp Giấy chứng nhận quyền sử dụng đất (cá nhân, chỉ có đất)',
        applicantKinds: [ApplicantKind.PERSON],
        amountVnd: 25_000,
        note: `Cá nhân tại các xã được miễn. ${DEMO_FEE_NOTE}`,
      },
      {
        kind: FeeKind.FEE,
        name: 'Lệ phí cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất (tổ chức)',
        applicantKinds: [ApplicantKind.ORGANIZATION],
        amountVnd: 100_000,
        note: DEMO_FEE_NOTE,
      },
      {
        kind: FeeKind.CHARGE,
        name: 'Phí thẩm định hồ sơ cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất',
        amountVnd: 300_000,
        note: DEMO_FEE_NOTE,
      },
    ],
    resultKind:
      'Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất; cập nhật hồ sơ địa chính, cơ sở dữ liệu đất đai',
    legalBasis: [LAND_LAW, DECREE_101, DECREE_151, FEE_LAW],
    workflowKey: 'standard',
  },
  {
    code: LAND_PROCEDURE.TRANSFER,
    name:
      'Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất trong các trường hợp chuyển đổi quyền sử dụng đất nông nghiệp mà không theo phương án dồn điền, đổi thửa, chuyển nhượng, thừa kế, tặng cho quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất, góp vốn bằng quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất',
    field: 'Đất đai',
    agencyCode: LAND_REGISTRATION_OFFICE_CODE,
    onlineKind: OnlineKind.PARTIAL,
    legacyLevel: 3,
    // Inter-agency (liên thông) with the tax authority, which assesses personal income tax and
    // registration fee; the time the applicant takes to pay is not counted.
    processingTime: { amount: 10, unit: DurationUnit.WORKING_DAYS },
    applicantKinds: [ApplicantKind.PERSON, ApplicantKind.ORGANIZATION],
    components: [
      {
        code: 'TP1',
        name: 'Đơn đăng ký biến động đất đai, tài sản gắn liền với đất theo Mẫu số 18/ĐK',
        required: true,
        copies: 1,
        formCode: 'MAU-18-DK',
      },
      {
        code: 'TP2',
        name: 'Giấy chứng nhận đã cấp (bản gốc)',
        required: true,
        copies: 1,
      },
      {
        code: 'TP3',
        name: 'Hợp đồng chuyển nhượng quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất có công chứng hoặc chứng thực',
        required: true,
        copies: 1,
        note: 'Hoặc văn bản thừa kế, tặng cho, góp vốn tương ứng với trường hợp biến động.',
      },
      {
        code: 'TP4',
        name: 'Tờ khai thuế thu nhập cá nhân đối với thu nhập từ chuyển nhượng bất động sản (Mẫu số 03/BĐS-TNCN)',
        required: true,
        copies: 1,
        formCode: 'MAU-03-BDS-TNCN',
        note: 'Chuyển sang cơ quan thuế theo cơ chế liên thông.',
      },
      {
        code: 'TP5',
        name: 'Tờ khai lệ phí trước bạ nhà, đất (Mẫu số 01/LPTB)',
        required: true,
        copies: 1,
        formCode: 'MAU-01-LPTB',
      },
      {
        code: 'TP6',
        name: 'Giấy tờ làm căn cứ miễn, giảm thuế, lệ phí (nếu có)',
        required: false,
        copies: 1,
      },
    ],
    forms: [
      {
        code: 'MAU-18-DK',
        name: 'Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (Mẫu số 18/ĐK)',
        url: '/forms/land/mau-18-dk.docx',
      },
      {
        code: 'MAU-03-BDS-TNCN',
        name: 'Tờ khai thuế thu nhập cá nhân (Mẫu số 03/BĐS-TNCN, Thông tư 80/2021/TT-BTC)',
        url: '/forms/land/mau-03-bds-tncn.docx',
      },
      {
        code: 'MAU-01-LPTB',
        name: 'Tờ khai lệ phí trước bạ (Mẫu số 01/LPTB, Nghị định 10/2022/NĐ-CP)',
        url: '/forms/land/mau-01-lptb.docx',
      },
    ],
    fees: [
      {
        kind: FeeKind.FEE,
        name: 'Lệ phí chỉnh lý biến động trên Giấy chứng nhận đã cấp',
        amountVnd: 25_000,
        note: `Cấp mới Giấy chứng nhận: theo mức lệ phí cấp mới. ${DEMO_FEE_NOTE}`,
      },
      {
        kind: FeeKind.CHARGE,
        name: 'Phí thẩm định hồ sơ đăng ký biến động đất đai',
        amountVnd: 200_000,
        note: `Không bao gồm thuế thu nhập cá nhân và lệ phí trước bạ do cơ quan thuế thông báo. ${DEMO_FEE_NOTE}`,
      },
    ],
    resultKind:
      'Giấy chứng nhận đã chỉnh lý biến động hoặc Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất cấp mới',
    legalBasis: [
      LAND_LAW,
      DECREE_101,
      DECREE_151,
      'Luật Quản lý thuế số 38/2019/QH14',
      'Nghị định số 10/2022/NĐ-CP ngày 15/01/2022 quy định về lệ phí trước bạ',
      'Thông tư số 80/2021/TT-BTC ngày 29/9/2021 hướng dẫn thi hành một số điều của Luật Quản lý thuế',
      FEE_LAW,
    ],
    workflowKey: LAND_TRANSFER_WORKFLOW,
  },
  {
    code: LAND_PROCEDURE.MORTGAGE,
    name: 'Đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất',
    field: 'Đăng ký biện pháp bảo đảm',
    agencyCode: LAND_REGISTRATION_OFFICE_CODE,
    onlineKind: OnlineKind.FULL,
    legacyLevel: 4,
    // Decree 99/2022/NĐ-CP: in principle the same day (next working day if received after 15:00);
    // provincial catalogues list a ceiling of 03 working days, which is what we count.
    processingTime: { amount: 3, unit: DurationUnit.WORKING_DAYS },
    applicantKinds: [ApplicantKind.PERSON, ApplicantKind.ORGANIZATION],
    components: [
      {
        code: 'TP1',
        name: 'Phiếu yêu cầu đăng ký biện pháp bảo đảm bằng quyền sử dụng đất, tài sản gắn liền với đất (Mẫu số 01a)',
        required: true,
        copies: 1,
        formCode: 'MAU-01A-DKBD',
      },
      {
        code: 'TP2',
        name: 'Hợp đồng thế chấp quyền sử dụng đất, tài sản gắn liền với đất có công chứng hoặc chứng thực',
        required: true,
        copies: 1,
        note: 'Bản chính hoặc bản sao có chứng thực.',
      },
      {
        code: 'TP3',
        name: 'Giấy chứng nhận đã cấp (bản gốc)',
        required: true,
        copies: 1,
      },
      {
        code: 'TP4',
        name: 'Văn bản ủy quyền (trường hợp người yêu cầu đăng ký là người được ủy quyền)',
        required: false,
        copies: 1,
      },
      {
        code: 'TP5',
        name: 'Giấy tờ chứng minh thuộc trường hợp không phải nộp phí đăng ký (nếu có)',
        required: false,
        copies: 1,
      },
    ],
    forms: [
      {
        code: 'MAU-01A-DKBD',
        name: 'Phiếu yêu cầu đăng ký biện pháp bảo đảm bằng quyền sử dụng đất, tài sản gắn liền với đất (Mẫu số 01a, Nghị định 99/2022/NĐ-CP)',
        url: '/forms/land/mau-01a-dkbd.docx',
      },
    ],
    fees: [
      {
        kind: FeeKind.CHARGE,
        name: 'Phí đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất (hộ gia đình, cá nhân)',
        applicantKinds: [ApplicantKind.PERSON],
        amountVnd: 80_000,
        note: DEMO_FEE_NOTE,
      },
      {
        kind: FeeKind.CHARGE,
        name: 'Phí đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất (tổ chức)',
        applicantKinds: [ApplicantKind.ORGANIZATION],
        amountVnd: 150_000,
        note: DEMO_FEE_NOTE,
      },
    ],
    resultKind:
      'Chứng nhận nội dung đăng ký thế chấp trên Phiếu yêu cầu và trên Giấy chứng nhận; cập nhật cơ sở dữ liệu đất đai',
    legalBasis: [
      'Bộ luật Dân sự số 91/2015/QH13',
      LAND_LAW,
      'Nghị định số 99/2022/NĐ-CP của Chính phủ về đăng ký biện pháp bảo đảm',
      DECREE_101,
      FEE_LAW,
    ],
    workflowKey: 'standard',
  },
  {
    code: LAND_PROCEDURE.MORTGAGE_RELEASE,
    name: 'Xóa đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất',
    field: 'Đăng ký biện pháp bảo đảm',
    agencyCode: LAND_REGISTRATION_OFFICE_CODE,
    onlineKind: OnlineKind.FULL,
    legacyLevel: 4,
    // Decree 99/2022/NĐ-CP: as for registration, the same day (next working day after 15:00),
    // at most 03 working days in the provincial catalogues.
    processingTime: { amount: 3, unit: DurationUnit.WORKING_DAYS },
    applicantKinds: [ApplicantKind.PERSON, ApplicantKind.ORGANIZATION],
    components: [
      {
        code: 'TP1',
        name: 'Phiếu yêu cầu xóa đăng ký biện pháp bảo đảm bằng quyền sử dụng đất, tài sản gắn liền với đất (Mẫu số 03a)',
        required: true,
        copies: 1,
        formCode: 'MAU-03A-XDK',
      },
      {
        code: 'TP2',
        name: 'Văn bản đồng ý xóa đăng ký hoặc xác nhận giải chấp của bên nhận bảo đảm',
        required: false,
        copies: 1,
        note: 'Khi Phiếu yêu cầu chỉ có chữ ký của bên bảo đảm. Bản chính hoặc bản sao kèm bản chính để đối chiếu.',
      },
      {
        code: 'TP3',
        name: 'Giấy chứng nhận đã cấp (bản gốc)',
        required: true,
        copies: 1,
      },
      {
        code: 'TP4',
        name: 'Văn bản ủy quyền (trường hợp người yêu cầu xóa đăng ký là người được ủy quyền)',
        required: false,
        copies: 1,
      },
    ],
    forms: [
      {
        code: 'MAU-03A-XDK',
        name: 'Phiếu yêu cầu xóa đăng ký biện pháp bảo đảm (Mẫu số 03a, Nghị định 99/2022/NĐ-CP)',
        url: '/forms/land/mau-03a-xdk.docx',
      },
    ],
    fees: [
      {
        kind: FeeKind.CHARGE,
        name: 'Phí xóa đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất',
        amountVnd: 20_000,
        note: DEMO_FEE_NOTE,
      },
    ],
    resultKind: 'Chứng nhận xóa đăng ký thế chấp trên Phiếu yêu cầu và trên Giấy chứng nhận; cập nhật cơ sở dữ liệu đất đai',
    legalBasis: [
      'Bộ luật Dân sự số 91/2015/QH13',
      LAND_LAW,
      'Nghị định số 99/2022/NĐ-CP của Chính phủ về đăng ký biện pháp bảo đảm',
      'Quyết định số 2546/QĐ-BTP năm 2022 công bố thủ tục hành chính lĩnh vực đăng ký biện pháp bảo đảm',
      FEE_LAW,
    ],
    workflowKey: 'standard',
  },
  {
    code: LAND_PROCEDURE.REISSUE_LOST,
    name: 'Cấp lại Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất do bị mất',
    field: 'Đất đai',
    agencyCode: LAND_REGISTRATION_OFFICE_CODE,
    onlineKind: OnlineKind.PARTIAL,
    legacyLevel: 3,
    // Decree 101/2024/NĐ-CP: cấp lại Giấy chứng nhận bị mất không quá 10 ngày làm việc (unverified:
    // confirm the article), not counting the 15 days the loss notice is posted at the commune.
    processingTime: { amount: 10, unit: DurationUnit.WORKING_DAYS },
    applicantKinds: [ApplicantKind.PERSON, ApplicantKind.ORGANIZATION],
    components: [
      {
        code: 'TP1',
        // The form's number under Decree 151/2025/NĐ-CP is unverified; the template is named by content.
        name: 'Đơn đề nghị cấp đổi, cấp lại Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất',
        required: true,
        copies: 1,
        formCode: 'DON-CAP-LAI-GCN',
      },
      {
        code: 'TP2',
        name: 'Giấy xác nhận của Ủy ban nhân dân cấp xã về việc đã niêm yết thông báo mất Giấy chứng nhận trong thời gian 15 ngày (hộ gia đình, cá nhân)',
        required: true,
        copies: 1,
        note: 'Tổ chức: giấy tờ chứng minh đã đăng tin mất Giấy chứng nhận trên phương tiện thông tin đại chúng ở địa phương.',
      },
      {
        code: 'TP3',
        name: 'Văn bản ủy quyền (nếu có)',
        required: false,
        copies: 1,
      },
    ],
    forms: [
      {
        code: 'DON-CAP-LAI-GCN',
        name: 'Đơn đề nghị cấp đổi, cấp lại Giấy chứng nhận',
        url: '/forms/land/don-cap-lai-gcn.docx',
      },
    ],
    fees: [
      {
        kind: FeeKind.FEE,
        name: 'Lệ phí cấp lại Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất',
        amountVnd: 20_000,
        note: DEMO_FEE_NOTE,
      },
      {
        kind: FeeKind.CHARGE,
        name: 'Phí thẩm định hồ sơ cấp lại Giấy chứng nhận',
        amountVnd: 150_000,
        note: DEMO_FEE_NOTE,
      },
    ],
    resultKind: 'Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất cấp lại; Giấy chứng nhận bị mất bị hủy (thu hồi) trong cơ sở dữ liệu đất đai',
    legalBasis: [LAND_LAW, DECREE_101, DECREE_151, FEE_LAW],
    workflowKey: 'standard',
  },
  {
    code: LAND_PROCEDURE.MORTGAGE_CHANGE,
    name: 'Đăng ký thay đổi nội dung biện pháp bảo đảm bằng quyền sử dụng đất, tài sản gắn liền với đất đã đăng ký',
    field: 'Đăng ký biện pháp bảo đảm',
    agencyCode: LAND_REGISTRATION_OFFICE_CODE,
    onlineKind: OnlineKind.FULL,
    legacyLevel: 4,
    // Decree 99/2022/NĐ-CP: registered within the day of reception (next working day after 15:00);
    // the provincial catalogue's figure of 0,5 ngày làm việc (4 working hours) is unverified.
    processingTime: { amount: 0.5, unit: DurationUnit.WORKING_DAYS },
    applicantKinds: [ApplicantKind.PERSON, ApplicantKind.ORGANIZATION],
    components: [
      {
        code: 'TP1',
        name: 'Phiếu yêu cầu đăng ký thay đổi nội dung biện pháp bảo đảm đã đăng ký (Mẫu số 02a)',
        required: true,
        copies: 1,
        formCode: 'MAU-02A-DKTD',
      },
      {
        code: 'TP2',
        name: 'Hợp đồng sửa đổi, bổ sung hợp đồng thế chấp có công chứng hoặc chứng thực, hoặc văn bản khác chứng minh nội dung thay đổi',
        required: true,
        copies: 1,
      },
      {
        code: 'TP3',
        name: 'Giấy chứng nhận đã cấp (bản gốc)',
        required: true,
        copies: 1,
      },
    ],
    forms: [
      {
        code: 'MAU-02A-DKTD',
        name: 'Phiếu yêu cầu đăng ký thay đổi nội dung biện pháp bảo đảm (Mẫu số 02a, Nghị định 99/2022/NĐ-CP)',
        url: '/forms/land/mau-02a-dktd.docx',
      },
    ],
    fees: [
      {
        kind: FeeKind.CHARGE,
        name: 'Phí đăng ký thay đổi nội dung biện pháp bảo đảm đã đăng ký',
        amountVnd: 60_000,
        note: DEMO_FEE_NOTE,
      },
    ],
    resultKind: 'Chứng nhận nội dung đăng ký thay đổi trên Phiếu yêu cầu và trên Giấy chứng nhận; cập nhật cơ sở dữ liệu đất đai',
    legalBasis: ['Bộ luật Dân sự số 91/2015/QH13', LAND_LAW, 'Nghị định số 99/2022/NĐ-CP của Chính phủ về đăng ký biện pháp bảo đảm', FEE_LAW],
    workflowKey: 'standard',
  },
  {
    code: LAND_PROCEDURE.PARCEL_SPLIT_MERGE,
    name: 'Tách thửa hoặc hợp thửa đất',
    field: 'Đất đai',
    agencyCode: LAND_REGISTRATION_OFFICE_CODE,
    onlineKind: OnlineKind.PARTIAL,
    legacyLevel: 3,
    // Decree 101/2024/NĐ-CP: tách thửa, hợp thửa không quá 15 ngày làm việc (article unverified;
    // communes in difficult areas get 10 more days, not modelled).
    processingTime: { amount: 15, unit: DurationUnit.WORKING_DAYS },
    applicantKinds: [ApplicantKind.PERSON, ApplicantKind.ORGANIZATION],
    components: [
      {
        code: 'TP1',
        name: 'Đơn đề nghị tách thửa đất, hợp thửa đất (Mẫu số 01/ĐK)',
        required: true,
        copies: 1,
        formCode: 'MAU-01-TTHT',
      },
      {
        code: 'TP2',
        name: 'Bản vẽ tách thửa đất, hợp thửa đất do đơn vị đo đạc lập',
        required: true,
        copies: 1,
      },
      {
        code: 'TP3',
        name: 'Giấy chứng nhận đã cấp (bản gốc)',
        required: true,
        copies: 1,
      },
    ],
    forms: [
      {
        code: 'MAU-01-TTHT',
        name: 'Đơn đề nghị tách thửa đất, hợp thửa đất',
        url: '/forms/land/don-tach-hop-thua.docx',
      },
    ],
    fees: [
      {
        kind: FeeKind.FEE,
        name: 'Lệ phí cấp Giấy chứng nhận quyền sử dụng đất cho thửa đất mới',
        amountVnd: 25_000,
        note: DEMO_FEE_NOTE,
      },
      {
        kind: FeeKind.CHARGE,
        name: 'Phí thẩm định hồ sơ tách thửa, hợp thửa đất',
        amountVnd: 200_000,
        note: DEMO_FEE_NOTE,
      },
    ],
    resultKind: 'Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất cho các thửa đất sau khi tách thửa, hợp thửa',
    legalBasis: [LAND_LAW, DECREE_101, DECREE_151, FEE_LAW],
    workflowKey: 'standard',
  },
];
