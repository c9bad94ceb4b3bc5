import { DurationUnit } from '../calendar/duration';
import { AdminUnitLevel } from '../org/admin-unit.entity';
import { AgencyKind } from '../org/agency.entity';
import {
  ApplicantKind,
  DossierComponentDefinition,
  FeeDefinition,
  FormTemplateDefinition,
  OnlineKind,
} from '../procedures/procedure.types';

/** Plain read-path shapes of reference rows, mapped from SQL (see `loaders.ts`). */
export interface AgencyView {
  id: string;
  code: string;
  name: string;
  shortName: string;
  kind: AgencyKind;
  unitId: string;
  parentId: string | null;
  moduleName: string | null;
  validFrom: string;
  validTo: string | null;
}

export interface AdminUnitView {
  id: string;
  code: string;
  name: string;
  level: AdminUnitLevel;
  parentId: string | null;
  successorId: string | null;
  validFrom: string;
  validTo: string | null;
}

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
}

export interface HistoryView {
  id: string;
  dossierId: string;
  at: Date;
  actorId: string | null;
  actorName: string;
  agencyId: string | null;
  action: string;
  fromState: string | null;
  toState: string;
  note: string | null;
}

export const AGENCY_SQL = `select id, code, name, short_name as "shortName", kind, unit_id as "unitId", parent_id as "parentId",
  module_name as "moduleName", to_char(valid_from, 'YYYY-MM-DD') as "validFrom", to_char(valid_to, 'YYYY-MM-DD') as "validTo" from agency`;

export const ADMIN_UNIT_SQL = `select id, code, name, level, parent_id as "parentId", successor_id as "successorId",
  to_char(valid_from, 'YYYY-MM-DD') as "validFrom", to_char(valid_to, 'YYYY-MM-DD') as "validTo" from admin_unit`;

export const PROCEDURE_SQL = `select id, code, name, field, agency_id as "agencyId", module_name as "moduleName", online_kind as "onlineKind",
  legacy_level as "legacyLevel", processing_amount as "processingAmount", processing_unit as "processingUnit",
  applicant_kinds as "applicantKinds", components, forms, fees, result_kind as "resultKind", legal_basis as "legalBasis",
  workflow_key as "workflowKey", active from procedure`;
