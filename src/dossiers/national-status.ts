/**
 * The ten status codes of the national public service portal (DOMAIN.md §3).
 * Every internal workflow state maps to exactly one of them.
 */
export enum NationalStatus {
  NEW = 1,
  RECEIVED = 2,
  REFUSED = 3,
  PROCESSING = 4,
  SUPPLEMENT_REQUESTED = 5,
  PAYMENT_REQUESTED = 6,
  WITHDRAWN = 7,
  STOPPED = 8,
  RESOLVED = 9,
  RETURNED = 10,
}

/** The national portal's names, shown to citizens. */
export const NATIONAL_STATUS_NAMES: Record<NationalStatus, string> = {
  [NationalStatus.NEW]: 'Mới đăng ký',
  [NationalStatus.RECEIVED]: 'Được tiếp nhận',
  [NationalStatus.REFUSED]: 'Không được tiếp nhận',
  [NationalStatus.PROCESSING]: 'Đang xử lý',
  [NationalStatus.SUPPLEMENT_REQUESTED]: 'Yêu cầu bổ sung giấy tờ',
  [NationalStatus.PAYMENT_REQUESTED]: 'Yêu cầu thực hiện nghĩa vụ tài chính',
  [NationalStatus.WITHDRAWN]: 'Công dân yêu cầu rút hồ sơ',
  [NationalStatus.STOPPED]: 'Dừng xử lý',
  [NationalStatus.RESOLVED]: 'Đã xử lý xong',
  [NationalStatus.RETURNED]: 'Đã trả kết quả',
};

export function isNationalStatusCode(n: number): n is NationalStatus {
  return Number.isInteger(n) && n >= 1 && n <= 10;
}
