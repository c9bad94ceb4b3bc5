import { publicationGaps } from '../procedures/publication';
import type { Index766Weights } from '../config';
import { Index766ComponentType, Index766Result, Index766RowType, Index766Type } from './index766.output';
import { StatisticsContext } from './statistics.context';
import { DossierStatisticsType, StatisticsDimension, StatisticsFilter, StatisticsRowType } from './statistics.output';
import { computeStatistics } from './statistics.query';

const NAMES: Record<keyof Index766Weights, string> = {
  transparency: 'Công khai, minh bạch',
  timeliness: 'Tiến độ giải quyết',
  online: 'Dịch vụ công trực tuyến',
  onlinePayment: 'Thanh toán trực tuyến',
  satisfaction: 'Mức độ hài lòng',
  digitisation: 'Số hóa hồ sơ',
};

const round = (x: number) => Math.round(x * 100) / 100;

/**
 * Timeliness: dossiers resolved or still in progress within their deadline over all of them;
 * the ones in progress at the end of the period come from that day's snapshot, and without one
 * the score covers resolved dossiers only (the basis says which).
 */
function timeliness(r: StatisticsRowType, component: (key: keyof Index766Weights, ratio: number | null, basis: string) => Index766ComponentType): Index766ComponentType {
  const inTime = r.resolvedEarly + r.resolvedOnTime;
  if (r.inProgressOnTimeAtEnd == null || r.inProgressLateAtEnd == null) {
    return component('timeliness', r.resolved ? inTime / r.resolved : null, `${inTime} of ${r.resolved} resolved early or on time (no snapshot of those in progress)`);
  }
  const all = r.resolved + r.inProgressOnTimeAtEnd + r.inProgressLateAtEnd;
  return component('timeliness', all ? (inTime + r.inProgressOnTimeAtEnd) / all : null,
    `${inTime} of ${r.resolved} resolved early or on time, ${r.inProgressOnTimeAtEnd} of ${r.inProgressOnTimeAtEnd + r.inProgressLateAtEnd} in progress within the deadline`);
}

/** How many of the procedures a row covers are published with every element the law asks for (`publicationGaps`). */
export interface CatalogueCompleteness {
  complete: number;
  published: number;
}

/**
 * Transparency, as far as OneDoor can see it: the share of the procedures published in the
 * catalogue with every required element, as the catalogue stands now (it keeps no history of
 * its entries). Publication of each dossier's progress on the national portal is not measured.
 */
function transparency(c: CatalogueCompleteness, component: (key: keyof Index766Weights, ratio: number | null, basis: string) => Index766ComponentType): Index766ComponentType {
  return component('transparency', c.published ? c.complete / c.published : null,
    `${c.complete} of ${c.published} published procedures state every required element (catalogue today; progress published on the national portal not measured)`);
}

/** The components OneDoor measures from its own counters; the others are reported as not measured. */
export function index766Row(r: StatisticsRowType, w: Index766Weights, catalogue: CatalogueCompleteness): Index766RowType {
  const s = r.satisfaction;
  const ratings = s.verySatisfied + s.satisfied + s.neutral + s.dissatisfied + s.veryDissatisfied;
  const component = (key: keyof Index766Weights, ratio: number | null, basis: string): Index766ComponentType => ({
    key,
    name: NAMES[key],
    maxPoints: w[key],
    score: ratio === null ? null : round(ratio * w[key]),
    basis,
  });
  const components = [
    transparency(catalogue, component),
    timeliness(r, component),
    component('online', r.received ? r.receivedOnline / r.received : null, `${r.receivedOnline} of ${r.received} received online`),
    component('onlinePayment', r.paid ? r.paidOnline / r.paid : null, `${r.paidOnline} of ${r.paid} payments made online`),
    component('satisfaction', ratings ? (s.verySatisfied + s.satisfied) / ratings : null, `${s.verySatisfied + s.satisfied} of ${ratings} ratings satisfied or very satisfied`),
    component('digitisation', r.resolved ? Math.min(1, r.resultsIssuedElectronically / r.resolved) : null,
      `${r.resultsIssuedElectronically} of ${r.resolved} results issued electronically (digitised dossier components not measured)`),
  ];
  const measured = components.filter((c) => c.score !== null);
  return {
    agencyCode: r.agencyCode,
    unitCode: r.unitCode,
    period: r.period,
    score: round(measured.reduce((a, c) => a + c.score!, 0)),
    measuredOutOf: measured.reduce((a, c) => a + c.maxPoints, 0),
    components,
  };
}

/**
 * The index per group of `groupBy` (the whole range without one), from the statistics of the
 * filter; transparency over the catalogue of the running modules (`moduleNames`).
 */
export async function computeIndex766(
  ctx: StatisticsContext,
  moduleNames: readonly string[],
  filter: StatisticsFilter,
  groupBy: StatisticsDimension[],
): Promise<typeof Index766Result> {
  const stats = await computeStatistics(ctx, filter, groupBy);
  if (!(stats instanceof DossierStatisticsType)) return stats;
  const w = ctx.services.config.index766Weights;
  const { reference } = ctx.services;
  // The procedures a row covers: its agency's, or those of the agencies filtered on (all when none).
  const scope = new Set((filter.agencyCodes ?? []).map((c) => reference.agencyByCode(c)!.id));
  const published = reference.allProcedures().filter((p) => p.active && moduleNames.includes(p.moduleName) && (!filter.procedureCodes?.length || filter.procedureCodes.includes(p.code)));
  const catalogue = (agencyCode: string | null): CatalogueCompleteness => {
    const agencyId = agencyCode ? reference.agencyByCode(agencyCode)!.id : null;
    const covered = published.filter((p) => (agencyId ? p.agencyId === agencyId : !scope.size || scope.has(p.agencyId)));
    return { complete: covered.filter((p) => !publicationGaps(p).length).length, published: covered.length };
  };
  return Object.assign(new Index766Type(), { rows: (groupBy.length ? stats.rows : [stats.total]).map((r) => index766Row(r, w, catalogue(r.agencyCode))) });
}
