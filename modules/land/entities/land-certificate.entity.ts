import { Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, PrimaryKeyProp, Property, Rel, Unique } from '@mikro-orm/core';
import { uuidv7 } from '../../../src/kernel';
import { LandHolder } from './land-holder.entity';
import { LandParcel } from './land-parcel.entity';

export enum CertificateStatus {
  VALID = 'VALID',
  /** A newer certificate took over its parcels (transfer, or the rest after a partial transfer). */
  REPLACED = 'REPLACED',
  /** Withdrawn (thu hồi): lost and re-issued, or issued wrongly. */
  REVOKED = 'REVOKED',
}

/**
 * A certificate of land-use rights (Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn
 * liền với đất). It is never edited in place except for its status: a transfer or a re-issue
 * makes a new certificate and points the old one at it, so the chain stays on record.
 */
@Entity({ tableName: 'land_certificate' })
@Unique({ name: 'land_certificate_book_entry_unique', properties: ['issuingAgencyCode', 'bookEntryNumber'] })
@Check({ name: 'land_certificate_serial_check', expression: `serial ~ '^[A-Z]{2} [0-9]{6}$'::text` })
@Check({ name: 'land_certificate_replaced_check', expression: `(status <> 'REPLACED'::text) OR (replaced_by_id IS NOT NULL)` })
export class LandCertificate {
  [OptionalProps]?: 'id' | 'status' | 'replacedBy' | 'statusReason' | 'dossierCode' | 'version' | 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** Số phát hành printed on the blank: two letters and six digits, e.g. `DE 000123`. */
  @Property({ type: 'text', unique: true })
  serial!: string;

  /** Số vào sổ cấp Giấy chứng nhận, e.g. `CS01234`: numbered per issuing agency. */
  @Property({ type: 'text' })
  bookEntryNumber!: string;

  /** Date of signature (`YYYY-MM-DD`, Vietnam). */
  @Property({ type: 'date' })
  issuedOn!: string;

  /** The issuing agency's electronic code; older certificates name agencies that no longer exist. */
  @Property({ type: 'text' })
  issuingAgencyCode!: string;

  /** The issuer's name as printed on the certificate. */
  @Property({ type: 'text' })
  issuingAgencyName!: string;

  @Enum({ items: () => CertificateStatus })
  status: CertificateStatus = CertificateStatus.VALID;

  @ManyToOne(() => LandCertificate, { nullable: true })
  replacedBy?: Rel<LandCertificate> | null;

  /** Why it is no longer valid. */
  @Property({ type: 'text', nullable: true })
  statusReason?: string | null;

  /** Code of the dossier that issued it; null for certificates issued before OneDoor. */
  @Property({ type: 'text', nullable: true })
  @Index()
  dossierCode?: string | null;

  @Property({ type: 'integer', version: true })
  version!: number;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

/** A holder named on a certificate, in the order printed, with their share where co-held. */
@Entity({ tableName: 'land_certificate_holder' })
@Index({ name: 'land_certificate_holder_holder_idx', properties: ['holder'] })
export class LandCertificateHolder {
  [PrimaryKeyProp]?: ['certificate', 'holder'];
  [OptionalProps]?: 'shareNote';

  @ManyToOne(() => LandCertificate, { primary: true })
  certificate!: Rel<LandCertificate>;

  @ManyToOne(() => LandHolder, { primary: true })
  holder!: Rel<LandHolder>;

  @Property({ type: 'smallint' })
  position!: number;

  /** E.g. "Sở hữu chung hợp nhất vợ chồng" or "1/2 quyền sử dụng". */
  @Property({ type: 'text', nullable: true })
  shareNote?: string | null;
}

/** A parcel covered by a certificate (one certificate may cover several parcels). */
@Entity({ tableName: 'land_certificate_parcel' })
@Index({ name: 'land_certificate_parcel_parcel_idx', properties: ['parcel'] })
export class LandCertificateParcel {
  [PrimaryKeyProp]?: ['certificate', 'parcel'];

  @ManyToOne(() => LandCertificate, { primary: true })
  certificate!: Rel<LandCertificate>;

  @ManyToOne(() => LandParcel, { primary: true })
  parcel!: Rel<LandParcel>;
}

/** The last number given in a series: certificate serials per year, book entries per agency. */
@Entity({ tableName: 'land_counter' })
export class LandCounter {
  @PrimaryKey({ type: 'text' })
  series!: string;

  @Property({ type: 'integer' })
  last!: number;
}
