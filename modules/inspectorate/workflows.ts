import { PetitionClassification, PetitionStatus } from './entities/petition.entity';

/**
 * Who may take a step on a petition, relative to it: the head of the inspectorate (LEADER of
 * the petition's agency), an inspector assigned to it, or a reception officer of the agency.
 */
export enum PetitionActor {
  HEAD = 'HEAD',
  ASSIGNED_INSPECTOR = 'ASSIGNED_INSPECTOR',
  RECEPTION = 'RECEPTION',
}

/** The steps of handling a petition; `to: null` leaves the status as it is. */
export interface PetitionAction {
  key: string;
  label: string;
  from: PetitionStatus[];
  to: PetitionStatus | null;
  actors: PetitionActor[];
  /** Only for petitions of these classifications (absent: all). */
  only?: PetitionClassification[];
}

const HANDLERS = [PetitionActor.HEAD, PetitionActor.ASSIGNED_INSPECTOR];

/**
 * The petition's own state machine (the module's entities, not a kernel dossier workflow), as
 * data: the service checks every mutation against it. Decisions and extensions are the head's
 * (người giải quyết); the handling steps are the assigned inspectors' or the head's.
 */
export const PETITION_ACTIONS = {
  checkEligibility: { key: 'checkEligibility', label: 'Xem xét điều kiện thụ lý', from: [PetitionStatus.RECEIVED], to: PetitionStatus.ELIGIBILITY_CHECK, actors: HANDLERS },
  accept: { key: 'accept', label: 'Thụ lý', from: [PetitionStatus.ELIGIBILITY_CHECK], to: PetitionStatus.ACCEPTED, actors: HANDLERS },
  // A denunciation outside the agency's competence is forwarded within 5 working days of receipt
  // (Law on Denunciations art. 24), so it can leave as soon as it is received.
  transfer: { key: 'transfer', label: 'Chuyển đơn đến cơ quan có thẩm quyền', from: [PetitionStatus.RECEIVED, PetitionStatus.ELIGIBILITY_CHECK], to: PetitionStatus.TRANSFERRED, actors: HANDLERS },
  // Law on Denunciations art. 24(1): checks in several places allow up to 10 working days (once; the head decides).
  extendEligibilityCheck: {
    key: 'extendEligibilityCheck',
    label: 'Gia hạn xem xét điều kiện thụ lý (xác minh tại nhiều địa điểm)',
    from: [PetitionStatus.RECEIVED, PetitionStatus.ELIGIBILITY_CHECK],
    to: null,
    actors: [PetitionActor.HEAD],
    only: [PetitionClassification.DENUNCIATION],
  },
  // Law on Complaints art. 9: the time of an objective obstacle is not counted in the time bar; the
  // officers of the body receiving the complaint record it before acceptance.
  recordFilingObstacle: {
    key: 'recordFilingObstacle',
    label: 'Ghi nhận trở ngại khách quan (không tính vào thời hiệu)',
    from: [PetitionStatus.RECEIVED, PetitionStatus.ELIGIBILITY_CHECK],
    to: null,
    actors: [...HANDLERS, PetitionActor.RECEPTION],
    only: [PetitionClassification.COMPLAINT],
  },
  refuse: { key: 'refuse', label: 'Không thụ lý', from: [PetitionStatus.ELIGIBILITY_CHECK], to: PetitionStatus.REFUSED, actors: HANDLERS },
  assignInspectors: { key: 'assignInspectors', label: 'Phân công thanh tra viên', from: [PetitionStatus.RECEIVED, PetitionStatus.ELIGIBILITY_CHECK, PetitionStatus.ACCEPTED, PetitionStatus.VERIFYING], to: null, actors: [PetitionActor.HEAD] },
  startVerification: { key: 'startVerification', label: 'Xác minh nội dung', from: [PetitionStatus.ACCEPTED], to: PetitionStatus.VERIFYING, actors: HANDLERS },
  conclude: { key: 'conclude', label: 'Kết luận', from: [PetitionStatus.VERIFYING], to: PetitionStatus.CONCLUDED, actors: HANDLERS },
  decide: { key: 'decide', label: 'Ban hành quyết định', from: [PetitionStatus.CONCLUDED], to: PetitionStatus.DECIDED, actors: [PetitionActor.HEAD] },
  extendDeadline: { key: 'extendDeadline', label: 'Gia hạn thời hạn giải quyết', from: [PetitionStatus.ACCEPTED, PetitionStatus.VERIFYING], to: null, actors: [PetitionActor.HEAD] },
  withdraw: {
    key: 'withdraw',
    label: 'Rút đơn',
    from: [PetitionStatus.RECEIVED, PetitionStatus.ELIGIBILITY_CHECK, PetitionStatus.ACCEPTED, PetitionStatus.VERIFYING],
    to: PetitionStatus.WITHDRAWN,
    actors: [...HANDLERS, PetitionActor.RECEPTION],
  },
} satisfies Record<string, PetitionAction>;

export type PetitionActionKey = keyof typeof PETITION_ACTIONS;

/** Vietnamese labels of the statuses, as the public tracking shows them. */
export const PETITION_STATUS_LABELS: Record<PetitionStatus, string> = {
  [PetitionStatus.RECEIVED]: 'Đã tiếp nhận đơn',
  [PetitionStatus.ELIGIBILITY_CHECK]: 'Đang xem xét điều kiện thụ lý',
  [PetitionStatus.ACCEPTED]: 'Đã thụ lý giải quyết',
  [PetitionStatus.TRANSFERRED]: 'Đã chuyển đơn đến cơ quan có thẩm quyền',
  [PetitionStatus.REFUSED]: 'Không thụ lý',
  [PetitionStatus.VERIFYING]: 'Đang xác minh nội dung',
  [PetitionStatus.CONCLUDED]: 'Đã có kết luận',
  [PetitionStatus.DECIDED]: 'Đã ban hành quyết định giải quyết',
  [PetitionStatus.WITHDRAWN]: 'Người gửi đã rút đơn',
  [PetitionStatus.RECORDED_ANONYMOUS]: 'Đơn không rõ người gửi: lưu, không xử lý',
};
