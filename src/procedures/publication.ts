import { DurationUnit } from '../calendar/duration';
import { ProcedureView } from './procedure.view';

/**
 * What a procedure's public entry lacks of the elements a published administrative procedure
 * must state (Decree 63/2010/NĐ-CP, as amended by Decree 92/2017/NĐ-CP; article unverified): its dossier
 * components, processing time, applicants, result and legal basis. An empty fee list means free
 * and is not a gap; forms are required only where the procedure has them.
 */
export function publicationGaps(p: ProcedureView): string[] {
  const gaps: string[] = [];
  if (!p.components.length) gaps.push('components');
  if (!(p.processingUnit === DurationUnit.SAME_DAY || p.processingAmount > 0)) gaps.push('processingTime');
  if (!p.applicantKinds.length) gaps.push('applicantKinds');
  if (!p.resultKind.trim()) gaps.push('resultKind');
  if (!p.legalBasis.length) gaps.push('legalBasis');
  return gaps;
}
