import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { DossierType } from '../../../src/dossiers/dossier.output';
import { DossierView } from '../../../src/dossiers/dossier.view';
import type { GraphQLContext } from '../../../src/server/context';
import { LAND_PROCEDURE } from '../procedures';
import { normalizeSerial } from '../services/certificate-numbers';
import { parcelKeyString } from '../services/land-forms';
import { LandCertificateType, LandParcelType } from './land.output';
import { CertificateView, landLoaders, parcelKeysOfForm, ParcelView } from './land.queries';

const LAND_PROCEDURE_CODES: ReadonlySet<string> = new Set(Object.values(LAND_PROCEDURE));

/**
 * Land fields on the kernel's Dossier. The kernel has already decided the caller may see the
 * dossier; for a transfer, the cadastral data sheet sent to tax (when there is one) is what the
 * land office registers, so it wins over the applicant's form.
 */
@Resolver(() => DossierType)
export class LandDossierResolver {
  @FieldResolver(() => [LandParcelType], { description: 'Land dossiers: the parcels concerned (named in the form, or covered by the certificate it names). Empty for other dossiers.' })
  async landParcels(@Root() d: DossierView, @Ctx() ctx: GraphQLContext): Promise<ParcelView[]> {
    if (!LAND_PROCEDURE_CODES.has(d.procedure.code)) return [];
    const loaders = landLoaders(ctx);
    const keys = parcelKeysOfForm(await this.form(d, ctx));
    if (keys.length) {
      const found = await loaders.parcelByKey.loadMany(keys.map(parcelKeyString));
      return found.filter((p): p is ParcelView => !!p && !(p instanceof Error));
    }
    const certificate = await this.certificate(d, ctx);
    return certificate ? loaders.parcelsOfCertificate.load(certificate.id) : [];
  }

  @FieldResolver(() => LandCertificateType, {
    nullable: true,
    description: 'Land dossiers: the certificate the dossier concerns (named in its form), or for a first registration the one it issued.',
  })
  async certificate(@Root() d: DossierView, @Ctx() ctx: GraphQLContext): Promise<CertificateView | null> {
    if (!LAND_PROCEDURE_CODES.has(d.procedure.code)) return null;
    const loaders = landLoaders(ctx);
    const named = (await this.form(d, ctx))?.certificateSerial;
    const serial = typeof named === 'string' ? normalizeSerial(named) : null;
    if (serial) return loaders.certificateBySerial.load(serial);
    return (await loaders.certificatesIssuedBy.load(d.code))[0] ?? null;
  }

  @FieldResolver(() => [LandCertificateType], { description: 'Land dossiers: the certificates the dossier issued on approval.' })
  async issuedCertificates(@Root() d: DossierView, @Ctx() ctx: GraphQLContext): Promise<CertificateView[]> {
    return LAND_PROCEDURE_CODES.has(d.procedure.code) ? landLoaders(ctx).certificatesIssuedBy.load(d.code) : [];
  }

  /** The form the land office works from: the cadastral data sheet of a transfer, else the applicant's form. */
  private async form(d: DossierView, ctx: GraphQLContext): Promise<Record<string, unknown> | null> {
    if (d.procedure.code !== LAND_PROCEDURE.TRANSFER) return d.formData;
    const sheet = await landLoaders(ctx).cadastralOfDossier.load(d.id);
    return (sheet as unknown as Record<string, unknown> | null) ?? d.formData;
  }
}
