/**
 * The read path of the land register: plain rows mapped from SQL, without the unit of work, and
 * the per-request DataLoaders every list and nested field goes through (ARCHITECTURE rule 5).
 */
import { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { type ApplicantKind, decodeIntCursor, encodeCursor, grouped, type ModuleContext, query } from '../../../src/kernel';
import { CADASTRAL_DATA_KIND, CadastralData } from '../rules/cadastral-data';
import type { CertificateStatus } from '../entities/land-certificate.entity';
import type { RegistrationKind, RegistrationParty } from '../entities/parcel-registration.entity';
import { ParcelKey, parcelKeyString } from '../rules/land-forms';

/** A parcel row with its public flags (valid certificate, mortgage in force). */
export interface ParcelView {
  id: string;
  communeCode: string;
  communeId: string;
  mapSheet: number;
  parcelNumber: number;
  areaM2: number;
  purposeCode: string;
  /** `YYYY-MM-DD`, null for long-term use. */
  useUntil: string | null;
  address: string;
  version: number;
  hasValidCertificate: boolean;
  mortgaged: boolean;
}

/** A certificate row. */
export interface CertificateView {
  id: string;
  serial: string;
  bookEntryNumber: string;
  issuedOn: string;
  issuingAgencyCode: string;
  issuingAgencyName: string;
  status: CertificateStatus;
  replacedById: string | null;
  statusReason: string | null;
  dossierCode: string | null;
  version: number;
}

/** A holder as named on one certificate; identity number and address are masked by the resolver. */
export interface CertificateHolderView {
  certificateId: string;
  holderId: string;
  kind: ApplicantKind;
  name: string;
  idNumber: string;
  address: string | null;
  shareNote: string | null;
  position: number;
}

/** An entry of a parcel's history, with the serials of the certificates before and after. */
export interface RegistrationView {
  id: string;
  parcelId: string;
  kind: RegistrationKind;
  at: Date;
  dossierCode: string | null;
  certificateBeforeSerial: string | null;
  certificateAfterSerial: string | null;
  parties: RegistrationParty[];
  mortgageeName: string | null;
  mortgageeTaxCode: string | null;
  securedAmountVnd: number | null;
  contractNumber: string | null;
  contractDate: string | null;
  note: string | null;
}

/**
 * A mortgage is in force on parcel `p` while a registration has no release of the same contract
 * at or after it (the SQL twin of `LandRegister.activeMortgages`).
 */
const MORTGAGED_SQL = `exists (select 1 from land_parcel_registration r where r.parcel_id = p.id and r.kind = 'MORTGAGE_REGISTERED'
    and not exists (select 1 from land_parcel_registration x where x.parcel_id = r.parcel_id and x.kind = 'MORTGAGE_RELEASED'
      and x.contract_number = r.contract_number and x.at >= r.at))`;

/** Columns of {@link ParcelView} from `land_parcel p`. */
const PARCEL_COLUMNS = `p.id, p.commune_code as "communeCode", p.commune_id as "communeId", p.map_sheet as "mapSheet",
  p.parcel_number as "parcelNumber", p.area_m2::float8 as "areaM2", p.purpose_code as "purposeCode",
  to_char(p.use_until, 'YYYY-MM-DD') as "useUntil", p.address, p.version,
  exists (select 1 from land_certificate_parcel cp join land_certificate c on c.id = cp.certificate_id
    where cp.parcel_id = p.id and c.status = 'VALID') as "hasValidCertificate",
  ${MORTGAGED_SQL} as mortgaged`;

const CERTIFICATE_COLUMNS = `c.id, c.serial, c.book_entry_number as "bookEntryNumber", to_char(c.issued_on, 'YYYY-MM-DD') as "issuedOn",
  c.issuing_agency_code as "issuingAgencyCode", c.issuing_agency_name as "issuingAgencyName", c.status,
  c.replaced_by_id as "replacedById", c.status_reason as "statusReason", c.dossier_code as "dossierCode", c.version`;

const REGISTRATION_COLUMNS = `r.id, r.parcel_id as "parcelId", r.kind, r.at, r.dossier_code as "dossierCode",
  b.serial as "certificateBeforeSerial", a.serial as "certificateAfterSerial", r.parties, r.mortgagee_name as "mortgageeName",
  r.mortgagee_tax_code as "mortgageeTaxCode", r.secured_amount_vnd::float8 as "securedAmountVnd", r.contract_number as "contractNumber",
  to_char(r.contract_date, 'YYYY-MM-DD') as "contractDate", r.note`;

function keyed<K, V>(keys: readonly K[], rows: V[], key: (r: V) => K): (V | null)[] {
  const map = new Map(rows.map((r) => [key(r), r]));
  return keys.map((k) => map.get(k) ?? null);
}

/** `landParcels` filter: the commune is required (the register is kept per commune). */
export interface ParcelFilter {
  communeCode: string;
  mapSheet?: number | null;
  parcelNumber?: number | null;
  purposeCode?: string | null;
}

/** One page of a commune's parcels in map order (sheet, then parcel number), keyset-paginated. */
export async function parcelPage(em: EntityManager, filter: ParcelFilter, first: number, after: string | null | undefined) {
  const params: unknown[] = [filter.communeCode];
  const where = ['p.commune_code = $1'];
  if (filter.mapSheet != null) where.push(`p.map_sheet = $${params.push(filter.mapSheet)}`);
  if (filter.parcelNumber != null) where.push(`p.parcel_number = $${params.push(filter.parcelNumber)}`);
  if (filter.purposeCode) where.push(`p.purpose_code = $${params.push(filter.purposeCode)}`);
  if (after) {
    const [sheet, number] = decodeIntCursor(after, 2);
    where.push(`(p.map_sheet, p.parcel_number) > ($${params.push(sheet)}::int, $${params.push(number)}::int)`);
  }
  const rows = await query<ParcelView>(
    em,
    `select ${PARCEL_COLUMNS} from land_parcel p where ${where.join(' and ')} order by p.map_sheet, p.parcel_number limit $${params.push(first + 1)}`,
    params,
  );
  return { nodes: rows.slice(0, first), hasNextPage: rows.length > first, cursor: (p: ParcelView) => encodeCursor([p.mapSheet, p.parcelNumber]) };
}

/** The per-request loaders of the land module, created once per request through `ctx.loaders.forModule`. */
export function landLoaders(ctx: ModuleContext): LandLoaders {
  return ctx.loaders.forModule('land.loaders', () => createLandLoaders(ctx.em));
}

function createLandLoaders(em: EntityManager) {
  const make = <K, V>(batch: (keys: readonly K[]) => Promise<V[]>) => new DataLoader<K, V>(batch);
  const heldByLoaders = new Map<string, DataLoader<string, boolean>>();
  return {
    parcelById: make<string, ParcelView | null>(async (ids) =>
      keyed(ids, await query<ParcelView>(em, `select ${PARCEL_COLUMNS} from land_parcel p where p.id = any($1::uuid[])`, [ids]), (r) => r.id),
    ),
    parcelByKey: make<string, ParcelView | null>(async (keys) => {
      const parts = keys.map((k) => k.split('/'));
      const rows = await query<ParcelView>(
        em,
        `select ${PARCEL_COLUMNS} from land_parcel p
          join unnest($1::text[], $2::int[], $3::int[]) as k(commune, sheet, num) on p.commune_code = k.commune and p.map_sheet = k.sheet and p.parcel_number = k.num`,
        [parts.map((x) => x[0]), parts.map((x) => Number(x[1])), parts.map((x) => Number(x[2]))],
      );
      return keyed(keys, rows, parcelKeyString);
    }),
    certificateById: make<string, CertificateView | null>(async (ids) =>
      keyed(ids, await query<CertificateView>(em, `select ${CERTIFICATE_COLUMNS} from land_certificate c where c.id = any($1::uuid[])`, [ids]), (r) => r.id),
    ),
    certificateBySerial: make<string, CertificateView | null>(async (serials) =>
      keyed(serials, await query<CertificateView>(em, `select ${CERTIFICATE_COLUMNS} from land_certificate c where c.serial = any($1::text[])`, [serials]), (r) => r.serial),
    ),
    /** Certificates a dossier issued, by dossier code. */
    certificatesIssuedBy: make<string, CertificateView[]>(async (codes) =>
      grouped(codes, await query<CertificateView>(em, `select ${CERTIFICATE_COLUMNS} from land_certificate c where c.dossier_code = any($1::text[]) order by c.serial`, [codes]), (r) => r.dossierCode!),
    ),
    /** Every certificate that covered a parcel, newest first. */
    certificatesOfParcel: make<string, (CertificateView & { parcelId: string })[]>(async (ids) =>
      grouped(
        ids,
        await query<CertificateView & { parcelId: string }>(
          em,
          `select cp.parcel_id as "parcelId", ${CERTIFICATE_COLUMNS} from land_certificate_parcel cp join land_certificate c on c.id = cp.certificate_id
            where cp.parcel_id = any($1::uuid[]) order by c.issued_on desc, c.created_at desc, c.id desc`,
          [ids],
        ),
        (r) => r.parcelId,
      ),
    ),
    /** A parcel's registration history, oldest first (the order of the register). */
    historyOfParcel: make<string, RegistrationView[]>(async (ids) =>
      grouped(
        ids,
        await query<RegistrationView>(
          em,
          `select ${REGISTRATION_COLUMNS} from land_parcel_registration r
            left join land_certificate b on b.id = r.certificate_before_id left join land_certificate a on a.id = r.certificate_after_id
            where r.parcel_id = any($1::uuid[]) order by r.at, r.id`,
          [ids],
        ),
        (r) => r.parcelId,
      ),
    ),
    holdersOfCertificate: make<string, CertificateHolderView[]>(async (ids) =>
      grouped(
        ids,
        await query<CertificateHolderView>(
          em,
          `select ch.certificate_id as "certificateId", h.id as "holderId", h.kind, h.name, h.id_number as "idNumber", h.address,
              ch.share_note as "shareNote", ch.position
            from land_certificate_holder ch join land_holder h on h.id = ch.holder_id where ch.certificate_id = any($1::uuid[]) order by ch.position`,
          [ids],
        ),
        (r) => r.certificateId,
      ),
    ),
    parcelsOfCertificate: make<string, (ParcelView & { certificateId: string })[]>(async (ids) =>
      grouped(
        ids,
        await query<ParcelView & { certificateId: string }>(
          em,
          `select cp.certificate_id as "certificateId", ${PARCEL_COLUMNS} from land_certificate_parcel cp join land_parcel p on p.id = cp.parcel_id
            where cp.certificate_id = any($1::uuid[]) order by p.commune_code, p.map_sheet, p.parcel_number`,
          [ids],
        ),
        (r) => r.certificateId,
      ),
    ),
    /** Whether the caller (by identity number) is named on a valid certificate of each parcel. */
    heldBy: (idNumber: string): DataLoader<string, boolean> => {
      let loader = heldByLoaders.get(idNumber);
      if (!loader) {
        loader = make<string, boolean>(async (ids) => {
          const rows = await query<{ parcelId: string }>(
            em,
            `select distinct cp.parcel_id as "parcelId" from land_certificate_parcel cp
              join land_certificate c on c.id = cp.certificate_id and c.status = 'VALID'
              join land_certificate_holder ch on ch.certificate_id = c.id
              join land_holder h on h.id = ch.holder_id and h.id_number = $2
              where cp.parcel_id = any($1::uuid[])`,
            [ids, idNumber],
          );
          const held = new Set(rows.map((r) => r.parcelId));
          return ids.map((id) => held.has(id));
        });
        heldByLoaders.set(idNumber, loader);
      }
      return loader;
    },
    /** The newest cadastral data sheet of each dossier. */
    cadastralOfDossier: make<string, CadastralData | null>(async (ids) =>
      keyed(
        ids,
        await query<{ dossierId: string; data: CadastralData }>(
          em,
          `select distinct on (dossier_id) dossier_id as "dossierId", data from dossier_record
            where kind = $2 and dossier_id = any($1::uuid[]) order by dossier_id, created_at desc, id desc`,
          [ids, CADASTRAL_DATA_KIND],
        ),
        (r) => r.dossierId,
      ).map((r) => r?.data ?? null),
    ),
  };
}

/** The land module's DataLoaders of one request. */
export type LandLoaders = ReturnType<typeof createLandLoaders>;

/** A holder and the valid certificates naming them (their parcels are loaded per certificate). */
export async function holderCertificates(em: EntityManager, idNumber: string) {
  const [holder] = await query<{ id: string; kind: ApplicantKind; name: string; idNumber: string; address: string | null }>(
    em,
    `select id, kind, name, id_number as "idNumber", address from land_holder where id_number = $1`,
    [idNumber],
  );
  if (!holder) return { holder: null, certificates: [] as CertificateView[] };
  const certificates = await query<CertificateView>(
    em,
    `select ${CERTIFICATE_COLUMNS} from land_certificate_holder ch join land_certificate c on c.id = ch.certificate_id
      where ch.holder_id = $1 and c.status = 'VALID' order by c.issued_on, c.serial`,
    [holder.id],
  );
  return { holder, certificates };
}

/** The parcel keys named in a land dossier's form, read leniently (the form was validated on submission). */
export function parcelKeysOfForm(formData: Record<string, unknown> | null): ParcelKey[] {
  if (!formData) return [];
  const raw = Array.isArray(formData.parcels) ? formData.parcels : formData.parcel ? [formData.parcel] : [];
  return raw.flatMap((p) => {
    const o = p as Record<string, unknown> | null;
    if (!o || typeof o.communeCode !== 'string' || !Number.isInteger(o.mapSheet) || !Number.isInteger(o.parcelNumber)) return [];
    return [{ communeCode: o.communeCode, mapSheet: o.mapSheet as number, parcelNumber: o.parcelNumber as number }];
  });
}
