import { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Int, Query, Resolver, Root } from 'type-graphql';
import {
  AdminUnitType, ApplicantKind, citizenIdProblem, type ModuleContext, Issues, NotAuthorized, pageSize, readPurpose,
  requirePrincipal, selectedFields, taxCodeProblem, unmaskedRead, ValidationFailed,
} from '../../../src/kernel';
import { parcelKeyString } from '../rules/land-forms';
import { mayReadHolderDetails, mayReadParcelRegister, registerReader } from '../access';
import { LandParcelFilter } from './land.inputs';
import {
  LandCertificateHolderType,
  LandCertificateType,
  LandHolderParcels,
  LandHolderParcelsResult,
  LandParcelConnection,
  LandParcelType,
  ParcelRegistrationType,
} from './land.output';
import { CertificateHolderView, CertificateView, holderCertificates, landLoaders, parcelPage, ParcelView, RegistrationView } from './land.queries';
import { landUsePurposeName } from '../rules/land-use-purposes';

/** What of a holder's entry is personal data (Decree 13/2023/NĐ-CP); identity number and address only when shown unmasked. */
const HOLDER_FIELDS = ['name', 'shareNote'];
const HOLDER_DETAIL_FIELDS = ['name', 'idNumber', 'address', 'shareNote'];

/** A page is at most 100 parcels, whatever the server allows elsewhere. */
const MAX_PARCELS_PAGE = 100;

function formatLocalDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

@Resolver(() => LandParcelType)
export class LandParcelResolver {
  @Query(() => LandParcelType, { nullable: true, description: 'A parcel by commune, map sheet and parcel number; open to anyone (certificates and history only to those who may see them).' })
  async landParcel(
    @Ctx() ctx: ModuleContext,
    @Arg('communeCode') communeCode: string,
    @Arg('mapSheet', () => Int) mapSheet: number,
    @Arg('parcelNumber', () => Int) parcelNumber: number,
  ): Promise<ParcelView | null> {
    return landLoaders(ctx).parcelByKey.load(parcelKeyString({ communeCode: communeCode.trim(), mapSheet, parcelNumber }));
  }

  @Query(() => LandParcelConnection, { description: 'Parcels of a commune in map order (sheet, parcel number); at most 100 a page.' })
  async landParcels(
    @Ctx() ctx: ModuleContext,
    @Arg('filter', () => LandParcelFilter) filter: LandParcelFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<LandParcelConnection> {
    const size = pageSize(first, Math.min(MAX_PARCELS_PAGE, ctx.services.config.limits.maxPageSize));
    const page = await parcelPage(ctx.em, { ...filter, communeCode: filter.communeCode.trim() }, size, after);
    const edges = page.nodes.map((node) => ({ cursor: page.cursor(node), node: node as unknown as LandParcelType }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  @Query(() => LandHolderParcelsResult, { description: 'What a holder (by CCCD or tax code) holds now. Land officers only.' })
  async landHolderParcels(@Ctx() ctx: ModuleContext, @Info() info: GraphQLResolveInfo, @Arg('idNumber') idNumber: string): Promise<typeof LandHolderParcelsResult> {
    requirePrincipal(ctx.principal);
    if (!registerReader(ctx).officer) return NotAuthorized.of('land holders’ parcels: land officers only');
    const n = idNumber.trim();
    const problem = /^\d{12}$/.test(n) ? citizenIdProblem(n) : taxCodeProblem(n);
    if (problem) {
      const issues = new Issues();
      issues.add('idNumber', problem);
      return ValidationFailed.of(issues.list);
    }
    const { holder, certificates } = await holderCertificates(ctx.em, n);
    const lists = await Promise.all(certificates.map((c) => landLoaders(ctx).parcelsOfCertificate.load(c.id)));
    const parcels = [...new Map(lists.flat().map((p) => [p.id, p])).values()];
    // What a person holds is their personal data: the officer's look-up is logged for them.
    if (holder?.kind === ApplicantKind.PERSON) {
      ctx.dataAccess.note({ subjectIdNumber: holder.idNumber, recordType: 'land-holder', recordId: holder.id, recordLabel: null, fields: selectedFields(info, ['holder', 'certificates', 'parcels']), purpose: readPurpose(info) });
    }
    return Object.assign(new LandHolderParcels(), { holder, certificates, parcels });
  }

  @FieldResolver(() => AdminUnitType, { description: 'The commune the parcel was registered under.' })
  commune(@Root() p: ParcelView, @Ctx() ctx: ModuleContext) {
    return ctx.services.reference.adminUnit(p.communeId);
  }

  @FieldResolver(() => String)
  purposeName(@Root() p: ParcelView): string {
    return landUsePurposeName(p.purposeCode);
  }

  @FieldResolver(() => String, { description: 'Thời hạn sử dụng as printed: "Lâu dài" or "Đến ngày dd/mm/yyyy".' })
  useTerm(@Root() p: ParcelView): string {
    return p.useUntil ? `Đến ngày ${formatLocalDate(p.useUntil)}` : 'Lâu dài';
  }

  @FieldResolver(() => [LandCertificateType], { nullable: true, description: 'Every certificate that covered the parcel, newest first; null for callers who may not see them.' })
  async certificates(@Root() p: ParcelView, @Ctx() ctx: ModuleContext): Promise<CertificateView[] | null> {
    return (await mayReadParcelRegister(ctx, p.id)) ? landLoaders(ctx).certificatesOfParcel.load(p.id) : null;
  }

  @FieldResolver(() => [ParcelRegistrationType], { nullable: true, description: 'Registration history, oldest first; null for callers who may not see it.' })
  async history(@Root() p: ParcelView, @Ctx() ctx: ModuleContext): Promise<RegistrationView[] | null> {
    return (await mayReadParcelRegister(ctx, p.id)) ? landLoaders(ctx).historyOfParcel.load(p.id) : null;
  }
}

/**
 * A certificate is reached only through a path that already checked the caller (a parcel's
 * certificates, a dossier the caller may see, a land officer's holder query); its holders'
 * identity numbers and addresses are still masked for all but land officers and the holder.
 */
@Resolver(() => LandCertificateType)
export class LandCertificateResolver {
  @FieldResolver(() => LandCertificateType, { nullable: true, description: 'The certificate that took over its parcels.' })
  async replacedBy(@Root() c: CertificateView, @Ctx() ctx: ModuleContext): Promise<CertificateView | null> {
    return c.replacedById ? landLoaders(ctx).certificateById.load(c.replacedById) : null;
  }

  @FieldResolver(() => [LandCertificateHolderType], { description: 'In the order printed.' })
  async holders(@Root() c: CertificateView, @Ctx() ctx: ModuleContext, @Info() info: GraphQLResolveInfo): Promise<LandCertificateHolderType[]> {
    const rows = await landLoaders(ctx).holdersOfCertificate.load(c.id);
    return rows.map((h: CertificateHolderView) => {
      const details = unmaskedRead(mayReadHolderDetails(ctx, h.idNumber), { record: 'land.holder', recordId: h.holderId, fields: ['idNumber', 'address'] });
      if (h.kind === ApplicantKind.PERSON) {
        // A holder's entry read by anyone but the holder (officer, analyst, co-holder) is logged for the holder.
        ctx.dataAccess.note({
          subjectIdNumber: h.idNumber,
          recordType: 'land-holder',
          recordId: h.holderId,
          recordLabel: `GCN ${c.serial}`,
          fields: selectedFields(info, details ? HOLDER_DETAIL_FIELDS : HOLDER_FIELDS),
          purpose: readPurpose(info),
        });
      }
      return { kind: h.kind, name: h.name, idNumber: details ? h.idNumber : null, address: details ? h.address : null, shareNote: h.shareNote, position: h.position };
    });
  }

  @FieldResolver(() => [LandParcelType])
  async parcels(@Root() c: CertificateView, @Ctx() ctx: ModuleContext): Promise<ParcelView[]> {
    return landLoaders(ctx).parcelsOfCertificate.load(c.id);
  }
}
