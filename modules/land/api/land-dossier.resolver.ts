import { DossierAccess, DossierType, DossierView, type ModuleContext, seesPersonalData } from '../../../src/kernel';
import { registerReader } from '../access';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { LAND_PROCEDURE } from '../procedures';
import { normalizeSerial } from '../rules/certificate-serials';
import { parcelKeyString } from '../rules/land-forms';
import { LandCertificateType, LandParcelType } from './land.output';
import { CertificateView, landLoaders, parcelKeysOfForm, ParcelView } from './land.queries';

const LAND_PROCEDURE_CODES: ReadonlySet<string> = new Set(Object.values(LAND_PROCEDURE));

/**
 * Land fields on the kernel's Dossier. The kernel has already decided the caller may see the
 * dossier; for a transfer, the cadastral data sheet sent to tax (when there is one) is what the
 * land office registers, so it wins over the applicant's form.
 */
/**
 * A land dossier's parcels and certificates are the applicant's and the handling agencies'
 * business: observers (analysts, admins) and agencies that held the dossier earlier see the
 * dossier's course, not the register entries behind it (as the kernel hides its form).
 */
function concernsCaller(d: DossierView): boolean {
  return LAND_PROCEDURE_CODES.has(d.procedure.code) && seesPersonalData(d.access);
}

@Resolver(() => DossierType)
export class LandDossierResolver {
  @FieldResolver(() => [LandParcelType], { description: 'Land dossiers: the parcels concerned (named in the form, or covered by the certificate it names). Empty for other dossiers.' })
  async landParcels(@Root() d: DossierView, @Ctx() ctx: ModuleContext): Promise<ParcelView[]> {
    if (!concernsCaller(d)) return [];
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
  async certificate(@Root() d: DossierView, @Ctx() ctx: ModuleContext): Promise<CertificateView | null> {
    if (!concernsCaller(d)) return null;
    const loaders = landLoaders(ctx);
    const form = await this.form(d, ctx);
    const serial = typeof form?.certificateSerial === 'string' ? normalizeSerial(form.certificateSerial) : null;
    const certificate = serial ? await loaders.certificateBySerial.load(serial) : ((await loaders.certificatesIssuedBy.load(d.code))[0] ?? null);
    if (!certificate || d.access !== DossierAccess.APPLICANT) return certificate;
    // An applicant may name any serial in a form: they see the certificate only if the register
    // would show it to them (they hold it), or as the buyer named in the transfer.
    const reader = registerReader(ctx);
    if (reader.officer || reader.observer) return certificate;
    const holders = await loaders.holdersOfCertificate.load(certificate.id);
    const transferees = Array.isArray(form?.transferees) ? (form.transferees as { idNumber?: unknown }[]).map((x) => x?.idNumber) : [];
    const me = reader.idNumber;
    return me && (holders.some((h) => h.idNumber === me) || transferees.includes(me)) ? certificate : null;
  }

  @FieldResolver(() => [LandCertificateType], { description: 'Land dossiers: the certificates the dossier issued on approval.' })
  async issuedCertificates(@Root() d: DossierView, @Ctx() ctx: ModuleContext): Promise<CertificateView[]> {
    return concernsCaller(d) ? landLoaders(ctx).certificatesIssuedBy.load(d.code) : [];
  }

  /** The form the land office works from: the cadastral data sheet of a transfer, else the applicant's form. */
  private async form(d: DossierView, ctx: ModuleContext): Promise<Record<string, unknown> | null> {
    if (d.procedure.code !== LAND_PROCEDURE.TRANSFER) return d.formData;
    const sheet = await landLoaders(ctx).cadastralOfDossier.load(d.id);
    return (sheet as unknown as Record<string, unknown> | null) ?? d.formData;
  }
}
