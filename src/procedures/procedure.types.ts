import { ProcessingTime } from '../calendar/duration';

/** Online service kinds of Decree 42/2022/NĐ-CP (replacing levels 1–4). */
export enum OnlineKind {
  /** Dịch vụ công trực tuyến toàn trình (old level 4). */
  FULL = 'FULL',
  /** Dịch vụ công trực tuyến một phần (old level 3). */
  PARTIAL = 'PARTIAL',
  /** Information only: the dossier is filed at the counter or by post. */
  NONE = 'NONE',
}

/** Who wrote a catalogue entry's current content. */
export enum ProcedureOrigin {
  /** The module's code definition (seeded, or updated by a module upgrade). */
  MODULE = 'MODULE',
  /** An admin (`createProcedure`, `updateProcedure`, `retireProcedure`). */
  ADMIN = 'ADMIN',
}

/** What a revision of a catalogue entry did. */
export enum ProcedureChange {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  RETIRED = 'RETIRED',
  REACTIVATED = 'REACTIVATED',
  /** A module upgrade changed the definition of an entry an admin had edited: the admin's content was kept; `changes` says what the module would have changed. */
  MODULE_CHANGE_HELD = 'MODULE_CHANGE_HELD',
}

export enum ApplicantKind {
  PERSON = 'PERSON',
  ORGANIZATION = 'ORGANIZATION',
}

/** One part of a dossier (thành phần hồ sơ). */
export interface DossierComponentDefinition {
  code: string;
  name: string;
  required: boolean;
  /** Number of copies: originals and certified copies as the procedure demands. */
  copies: number;
  note?: string;
  /** The code of the form template in `forms` the applicant fills in, if any. */
  formCode?: string;
}

export interface FormTemplateDefinition {
  code: string;
  name: string;
  /** Where the blank form can be downloaded (relative path under the portal, or absolute URL). */
  url?: string;
}

export enum FeeKind {
  /** Lệ phí. */
  FEE = 'FEE',
  /** Phí. */
  CHARGE = 'CHARGE',
}

export interface FeeDefinition {
  kind: FeeKind;
  name: string;
  /** Amount in Vietnamese đồng; 0 when free. */
  amountVnd: number;
  note?: string;
  /** Only for these applicants, where the catalogue lists one amount for individuals and another for organisations; all when absent. */
  applicantKinds?: ApplicantKind[];
}

/** The fees and charges a given applicant pays (the catalogue's alternatives by applicant resolved). */
export function feesFor(fees: FeeDefinition[], kind: ApplicantKind): FeeDefinition[] {
  return fees.filter((f) => !f.applicantKinds || f.applicantKinds.includes(kind));
}

/**
 * A catalogue entry (thủ tục hành chính), as a module declares it. The kernel stores it in
 * the `procedure` table at start-up so that dossiers reference rows, and the catalogue is data.
 */
export interface ProcedureDefinition {
  /** National code of the procedure, e.g. `1.004227`. */
  code: string;
  name: string;
  /** Lĩnh vực (field), e.g. "Đất đai". */
  field: string;
  /** Electronic code of the competent agency (one the module declares). */
  agencyCode: string;
  onlineKind: OnlineKind;
  /** Level under the pre-2022 scheme (2, 3 or 4), kept as history. */
  legacyLevel?: 2 | 3 | 4;
  processingTime: ProcessingTime;
  applicantKinds: ApplicantKind[];
  components: DossierComponentDefinition[];
  forms: FormTemplateDefinition[];
  fees: FeeDefinition[];
  /** What the applicant receives, e.g. "Giấy chứng nhận quyền sử dụng đất". */
  resultKind: string;
  legalBasis: string[];
  /** Key of the workflow (a kernel or module workflow) this procedure follows. */
  workflowKey: string;
}
