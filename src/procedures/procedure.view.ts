import { DurationUnit } from '../calendar/duration';
import {
  ApplicantKind,
  DossierComponentDefinition,
  FeeDefinition,
  FormTemplateDefinition,
  OnlineKind,
  ProcedureOrigin,
} from './procedure.types';

/** A catalogue entry as read paths use it: a plain row mapped from SQL (held by `ReferenceData`). */
export interface ProcedureView {
  id: string;
  code: string;
  name: string;
  field: string;
  agencyId: string;
  moduleName: string;
  onlineKind: OnlineKind;
  legacyLevel: number | null;
  processingAmount: number;
  processingUnit: DurationUnit;
  applicantKinds: ApplicantKind[];
  components: DossierComponentDefinition[];
  forms: FormTemplateDefinition[];
  fees: FeeDefinition[];
  resultKind: string;
  legalBasis: string[];
  workflowKey: string;
  /** Published in the catalogue (inactive ones stay for the dossiers filed under them). */
  active: boolean;
  /** Bumped by every change; `updateProcedure` takes the version the admin saw. */
  version: number;
  /** Who wrote the current content: the module's code or an admin. */
  origin: ProcedureOrigin;
  updatedAt: Date;
}

export const PROCEDURE_SQL = `select id, code, name, field, agency_id as "agencyId", module_name as "moduleName", online_kind as "onlineKind",
  legacy_level as "legacyLevel", processing_amount as "processingAmount", processing_unit as "processingUnit",
  applicant_kinds as "applicantKinds", components, forms, fees, result_kind as "resultKind", legal_basis as "legalBasis",
  workflow_key as "workflowKey", active, version, origin, updated_at as "updatedAt" from procedure`;
