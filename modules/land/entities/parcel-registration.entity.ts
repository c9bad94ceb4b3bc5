import { BigIntType, Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Rel } from '@mikro-orm/core';
import { uuidv7 } from '../../../src/kernel';
import { LandCertificate } from './land-certificate.entity';
import { LandParcel } from './land-parcel.entity';

export enum RegistrationKind {
  FIRST_REGISTRATION = 'FIRST_REGISTRATION',
  TRANSFER = 'TRANSFER',
  MORTGAGE_REGISTERED = 'MORTGAGE_REGISTERED',
  MORTGAGE_RELEASED = 'MORTGAGE_RELEASED',
  CERTIFICATE_REISSUED = 'CERTIFICATE_REISSUED',
  CERTIFICATE_REVOKED = 'CERTIFICATE_REVOKED',
}

/** A party of a registration as the history shows it: a role and a name, never an identity number. */
export interface RegistrationParty {
  /** HOLDER, TRANSFEROR, TRANSFEREE, MORTGAGOR. */
  role: string;
  name: string;
}

/**
 * One entry of a parcel's registration history (sổ địa chính / sổ theo dõi biến động), append-only
 * (a trigger refuses updates and deletes). A mortgage is in force while a MORTGAGE_REGISTERED
 * entry has no MORTGAGE_RELEASED entry with the same contract number on the same parcel.
 */
@Entity({ tableName: 'land_parcel_registration' })
@Index({ name: 'land_parcel_registration_parcel_idx', properties: ['parcel', 'at'] })
@Check({ name: 'land_parcel_registration_amount_check', expression: '(secured_amount_vnd IS NULL) OR (secured_amount_vnd > 0)' })
@Check({
  name: 'land_parcel_registration_mortgage_check',
  expression: `(kind <> ALL (ARRAY['MORTGAGE_REGISTERED'::text, 'MORTGAGE_RELEASED'::text])) OR ((contract_number IS NOT NULL) AND (mortgagee_name IS NOT NULL))`,
})
export class ParcelRegistration {
  [OptionalProps]?: 'id' | 'dossierCode' | 'certificateBefore' | 'certificateAfter' | 'mortgageeName' | 'mortgageeTaxCode' | 'securedAmountVnd' | 'contractNumber' | 'contractDate' | 'note';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => LandParcel)
  parcel!: Rel<LandParcel>;

  @Enum({ items: () => RegistrationKind })
  kind!: RegistrationKind;

  @Property({ type: 'timestamptz' })
  at!: Date;

  @Property({ type: 'text', nullable: true })
  dossierCode?: string | null;

  @ManyToOne(() => LandCertificate, { nullable: true })
  certificateBefore?: Rel<LandCertificate> | null;

  @ManyToOne(() => LandCertificate, { nullable: true })
  certificateAfter?: Rel<LandCertificate> | null;

  @Property({ type: 'jsonb' })
  parties!: RegistrationParty[];

  /** The mortgagee (bên nhận thế chấp), usually a bank. */
  @Property({ type: 'text', nullable: true })
  mortgageeName?: string | null;

  @Property({ type: 'text', nullable: true })
  mortgageeTaxCode?: string | null;

  @Property({ type: new BigIntType('number'), nullable: true })
  securedAmountVnd?: number | null;

  @Property({ type: 'text', nullable: true })
  contractNumber?: string | null;

  @Property({ type: 'date', nullable: true })
  contractDate?: string | null;

  @Property({ type: 'text', nullable: true })
  note?: string | null;
}
