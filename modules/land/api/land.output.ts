import { createUnionType, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ApplicantKind, Connection, NotAuthorized, ValidationFailed } from '../../../src/kernel';
import { CertificateStatus } from '../entities/land-certificate.entity';
import { RegistrationKind } from '../entities/parcel-registration.entity';

registerEnumType(CertificateStatus, { name: 'LandCertificateStatus', description: 'VALID, REPLACED (by a newer certificate) or REVOKED (thu hồi).' });
registerEnumType(RegistrationKind, { name: 'LandRegistrationKind', description: 'Kind of an entry in a parcel’s registration history.' });

@ObjectType('LandParcel', {
  description:
    'A land parcel (thửa đất). Cadastral facts are public; certificates and history only for land officers, analysts and the holders themselves (null for others).',
})
export class LandParcelType {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'GSO code of the commune or ward.' })
  communeCode!: string;

  @Field(() => Int, { description: 'Tờ bản đồ số.' })
  mapSheet!: number;

  @Field(() => Int, { description: 'Thửa đất số.' })
  parcelNumber!: number;

  @Field(() => Float, { description: 'Area in m² (one decimal).' })
  areaM2!: number;

  @Field({ description: 'Land-use purpose code (ONT, ODT, CLN …), see landUsePurposes.' })
  purposeCode!: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, last day of the use term; null for long-term use (lâu dài).' })
  useUntil!: string | null;

  @Field()
  address!: string;

  @Field({ description: 'A valid certificate covers the parcel.' })
  hasValidCertificate!: boolean;

  @Field({ description: 'A registered mortgage is in force on the parcel.' })
  mortgaged!: boolean;

  @Field(() => Int)
  version!: number;

  communeId!: string;
}

@ObjectType('LandCertificateHolder', { description: 'A holder named on a certificate. Identity number and address only for land officers and the holder.' })
export class LandCertificateHolderType {
  @Field(() => ApplicantKind)
  kind!: ApplicantKind;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true, description: 'CCCD or tax code; null unless the caller is a land officer or this holder.' })
  idNumber!: string | null;

  @Field(() => String, { nullable: true })
  address!: string | null;

  @Field(() => String, { nullable: true, description: 'Share or form of co-holding, as printed.' })
  shareNote!: string | null;

  @Field(() => Int, { description: 'Order on the certificate, from 1.' })
  position!: number;
}

@ObjectType('LandCertificate', { description: 'Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất.' })
export class LandCertificateType {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Số phát hành, e.g. DE 000123.' })
  serial!: string;

  @Field({ description: 'Số vào sổ cấp Giấy chứng nhận, e.g. CS01234.' })
  bookEntryNumber!: string;

  @Field({ description: 'YYYY-MM-DD.' })
  issuedOn!: string;

  @Field()
  issuingAgencyCode!: string;

  @Field()
  issuingAgencyName!: string;

  @Field(() => CertificateStatus)
  status!: CertificateStatus;

  @Field(() => String, { nullable: true })
  statusReason!: string | null;

  @Field(() => String, { nullable: true, description: 'The dossier that issued it; null for certificates issued before OneDoor.' })
  dossierCode!: string | null;

  @Field(() => Int)
  version!: number;

  replacedById!: string | null;
}

@ObjectType('LandRegistrationParty')
export class RegistrationPartyType {
  @Field({ description: 'HOLDER, TRANSFEROR, TRANSFEREE or MORTGAGOR.' })
  role!: string;

  @Field()
  name!: string;
}

@ObjectType('LandParcelRegistration', { description: 'An entry of a parcel’s registration history (append-only).' })
export class ParcelRegistrationType {
  @Field(() => ID)
  id!: string;

  @Field(() => RegistrationKind)
  kind!: RegistrationKind;

  @Field(() => Date)
  at!: Date;

  @Field(() => String, { nullable: true })
  dossierCode!: string | null;

  @Field(() => String, { nullable: true })
  certificateBeforeSerial!: string | null;

  @Field(() => String, { nullable: true })
  certificateAfterSerial!: string | null;

  @Field(() => [RegistrationPartyType], { description: 'Names only.' })
  parties!: RegistrationPartyType[];

  @Field(() => String, { nullable: true, description: 'For mortgages: the mortgagee (usually a bank).' })
  mortgageeName!: string | null;

  @Field(() => String, { nullable: true })
  mortgageeTaxCode!: string | null;

  @Field(() => Float, { nullable: true, description: 'For mortgages: the secured amount in VND.' })
  securedAmountVnd!: number | null;

  @Field(() => String, { nullable: true })
  contractNumber!: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD.' })
  contractDate!: string | null;

  @Field(() => String, { nullable: true })
  note!: string | null;
}

@ObjectType('LandHolder', { description: 'A land user (person or organisation) as registered.' })
export class LandHolderType {
  @Field(() => ApplicantKind)
  kind!: ApplicantKind;

  @Field()
  name!: string;

  @Field()
  idNumber!: string;

  @Field(() => String, { nullable: true })
  address!: string | null;
}

@ObjectType('LandHolderParcels', { description: 'What a holder holds now: their valid certificates and the parcels these cover.' })
export class LandHolderParcels {
  @Field(() => LandHolderType, { nullable: true, description: 'Null when no holder is registered under this number.' })
  holder!: LandHolderType | null;

  @Field(() => [LandCertificateType])
  certificates!: LandCertificateType[];

  @Field(() => [LandParcelType])
  parcels!: LandParcelType[];
}

export const LandHolderParcelsResult = createUnionType({
  name: 'LandHolderParcelsResult',
  types: () => [LandHolderParcels, NotAuthorized, ValidationFailed] as const,
});

export const LandParcelConnection = Connection(LandParcelType, 'LandParcel');
export type LandParcelConnection = InstanceType<typeof LandParcelConnection>;
