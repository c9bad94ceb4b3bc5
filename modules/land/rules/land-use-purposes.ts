/** A land-use purpose code (mục đích sử dụng đất) and its group. */
export interface LandUsePurpose {
  code: string;
  name: string;
  /** Nhóm đất: agricultural, non-agricultural or unused land. */
  group: string;
}

const AGRICULTURAL = 'Nhóm đất nông nghiệp';
const NON_AGRICULTURAL = 'Nhóm đất phi nông nghiệp';
const UNUSED = 'Nhóm đất chưa sử dụng';

/**
 * Land-use purpose codes (ký hiệu loại đất) in the three groups of Land Law 2024 art. 9, as used
 * on cadastral maps and in land statistics (Circular 08/2024/TT-BTNMT). The common codes only:
 * check the circular's appendix before adding rarer ones.
 */
export const LAND_USE_PURPOSES: readonly LandUsePurpose[] = [
  { code: 'LUC', name: 'Đất chuyên trồng lúa', group: AGRICULTURAL },
  { code: 'LUK', name: 'Đất trồng lúa còn lại', group: AGRICULTURAL },
  { code: 'BHK', name: 'Đất trồng cây hằng năm khác', group: AGRICULTURAL },
  { code: 'CLN', name: 'Đất trồng cây lâu năm', group: AGRICULTURAL },
  { code: 'RSX', name: 'Đất rừng sản xuất', group: AGRICULTURAL },
  { code: 'RPH', name: 'Đất rừng phòng hộ', group: AGRICULTURAL },
  { code: 'RDD', name: 'Đất rừng đặc dụng', group: AGRICULTURAL },
  { code: 'NTS', name: 'Đất nuôi trồng thủy sản', group: AGRICULTURAL },
  { code: 'LMU', name: 'Đất làm muối', group: AGRICULTURAL },
  { code: 'NKH', name: 'Đất nông nghiệp khác', group: AGRICULTURAL },
  { code: 'ONT', name: 'Đất ở tại nông thôn', group: NON_AGRICULTURAL },
  { code: 'ODT', name: 'Đất ở tại đô thị', group: NON_AGRICULTURAL },
  { code: 'TSC', name: 'Đất xây dựng trụ sở cơ quan', group: NON_AGRICULTURAL },
  { code: 'CQP', name: 'Đất quốc phòng', group: NON_AGRICULTURAL },
  { code: 'CAN', name: 'Đất an ninh', group: NON_AGRICULTURAL },
  { code: 'TMD', name: 'Đất thương mại, dịch vụ', group: NON_AGRICULTURAL },
  { code: 'SKC', name: 'Đất cơ sở sản xuất phi nông nghiệp', group: NON_AGRICULTURAL },
  { code: 'SKK', name: 'Đất khu công nghiệp', group: NON_AGRICULTURAL },
  { code: 'SKN', name: 'Đất cụm công nghiệp', group: NON_AGRICULTURAL },
  { code: 'SKS', name: 'Đất sử dụng cho hoạt động khoáng sản', group: NON_AGRICULTURAL },
  { code: 'DGT', name: 'Đất giao thông', group: NON_AGRICULTURAL },
  { code: 'DTL', name: 'Đất thủy lợi', group: NON_AGRICULTURAL },
  { code: 'TON', name: 'Đất tôn giáo', group: NON_AGRICULTURAL },
  { code: 'TIN', name: 'Đất tín ngưỡng', group: NON_AGRICULTURAL },
  { code: 'NTD', name: 'Đất nghĩa trang, nhà tang lễ, cơ sở hỏa táng', group: NON_AGRICULTURAL },
  { code: 'SON', name: 'Đất sông, ngòi, kênh, rạch, suối', group: NON_AGRICULTURAL },
  { code: 'MNC', name: 'Đất có mặt nước chuyên dùng', group: NON_AGRICULTURAL },
  { code: 'PNK', name: 'Đất phi nông nghiệp khác', group: NON_AGRICULTURAL },
  { code: 'BCS', name: 'Đất bằng chưa sử dụng', group: UNUSED },
  { code: 'DCS', name: 'Đất đồi núi chưa sử dụng', group: UNUSED },
  { code: 'NCS', name: 'Núi đá không có rừng cây', group: UNUSED },
];

export const LAND_USE_CODES: ReadonlySet<string> = new Set(LAND_USE_PURPOSES.map((p) => p.code));

/** The Vietnamese name of a purpose code (the code itself when unknown). */
export function landUsePurposeName(code: string): string {
  return LAND_USE_PURPOSES.find((p) => p.code === code)?.name ?? code;
}
