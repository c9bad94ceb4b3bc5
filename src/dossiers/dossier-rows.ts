import type { EntityManager } from '@mikro-orm/postgresql';
import { Agency } from '../org/agency.entity';
import { payablesOf } from '../payments/payables';
import type { Dossier } from './dossier.entity';
import { DossierAccess, DossierAgencyStint, DossierPause } from './dossier-parts.entity';
import type { DossierRows } from './effects';
import type { PayableSources } from './workflow/workflow-rules';

/** The effects' {@link DossierRows}, written in the action's transaction. */
export function ormDossierRows(tx: EntityManager, d: Dossier, modules: PayableSources): DossierRows {
  return {
    openPause(reason, at) {
      tx.create(DossierPause, { dossier: d, reason, startedAt: at });
    },
    async endPause(at) {
      const pause = await tx.findOne(DossierPause, { dossier: d, endedAt: null });
      if (pause) pause.endedAt = at;
    },
    async endedPauses() {
      return (await tx.find(DossierPause, { dossier: d, endedAt: { $ne: null } })).map((p) => ({ startedAt: p.startedAt, endedAt: p.endedAt! }));
    },
    async leaveHolder(at) {
      const open = await tx.findOne(DossierAgencyStint, { dossier: d, endedAt: null });
      if (open) open.endedAt = at;
      return (await tx.findOneOrFail(Agency, d.holdingAgency.id)).code;
    },
    async enterHolder(agency, at) {
      tx.create(DossierAgencyStint, { dossier: d, agency, startedAt: at });
      // An agency that held the dossier may see it from then on (a transfer back is not a second grant).
      if (!(await tx.count(DossierAccess, { dossier: d, agency }))) tx.create(DossierAccess, { dossier: d, agency, submittedAt: d.submittedAt });
    },
    payables: () => payablesOf(tx, modules, d.id),
  };
}
