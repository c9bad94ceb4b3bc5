import { GraphQLSafeInt } from 'graphql-scalars';
import {
  AlreadyExists, Busy, Connection, DossierNotFound, DossierType, type DossierView, JSONObjectScalar, NotAuthorized,
  TransitionNotAllowed, ValidationFailed, VersionConflict,
} from '../../../src/kernel';
import { createUnionType, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DeclarationStatus, PeriodKind } from '../entities/tax-declaration.entity';
import { NoticeStatus } from '../entities/tax-notice.entity';
import { ObligationStatus } from '../entities/tax-obligation.entity';
import { PaymentMethod } from '../entities/tax-payment.entity';
import { TaxpayerKind, TaxpayerStatus } from '../entities/taxpayer.entity';
import { TaxpayerAccess } from '../access';
import { CadastralDataMissing, LandPriceNotFound, NoAssessedObligations, TaxDeclarationNotFound, TaxNoticeAlreadyIssued, TaxpayerNotFound } from './tax-errors.output';

registerEnumType(TaxpayerKind, { name: 'TaxpayerKind' });
registerEnumType(TaxpayerStatus, { name: 'TaxpayerStatus' });
registerEnumType(PeriodKind, { name: 'TaxPeriodKind' });
registerEnumType(DeclarationStatus, { name: 'TaxDeclarationStatus' });
registerEnumType(ObligationStatus, { name: 'TaxObligationStatus' });
registerEnumType(NoticeStatus, { name: 'TaxNoticeStatus', description: 'OVERDUE is shown for a NOTIFIED notice past its due date.' });
registerEnumType(PaymentMethod, { name: 'TaxPaymentMethod' });

/** A taxpayer as the read path returns it, with what the caller may see of it. */
export interface TaxpayerView {
  id: string;
  kind: TaxpayerKind;
  taxCode: string;
  parentTaxCode: string | null;
  name: string;
  address: string;
  legalRepresentative: string | null;
  businessLines: string[];
  status: TaxpayerStatus;
  registeredAt: Date;
  agencyId: string;
  version: number;
  access: TaxpayerAccess;
}

@ObjectType('Taxpayer', { description: 'A taxpayer (người nộp thuế); visible to itself, tax officers and analysts.' })
export class TaxpayerType {
  @Field(() => ID)
  id!: string;

  @Field(() => TaxpayerKind)
  kind!: TaxpayerKind;

  @Field({ description: 'Mã số thuế; an individual’s is their CCCD (masked for analysts).' })
  taxCode!: string;

  @Field(() => String, { nullable: true })
  parentTaxCode!: string | null;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true, description: 'Null for analysts when the taxpayer is an individual.' })
  address!: string | null;

  @Field(() => String, { nullable: true })
  legalRepresentative!: string | null;

  @Field(() => [String])
  businessLines!: string[];

  @Field(() => TaxpayerStatus)
  status!: TaxpayerStatus;

  @Field(() => Date)
  registeredAt!: Date;

  @Field(() => Int)
  version!: number;
}

export interface DeclarationView {
  id: string;
  taxpayerId: string;
  formCode: string;
  periodKind: PeriodKind;
  periodStart: string;
  periodEnd: string;
  taxableAmountVnd: number;
  taxAmountVnd: number;
  supplementary: boolean;
  status: DeclarationStatus;
  reason: string | null;
  filedAt: Date;
  filedByName: string;
  decidedAt: Date | null;
  decidedByName: string | null;
  version: number;
}

@ObjectType('TaxDeclaration', { description: 'A tax declaration (tờ khai thuế).' })
class TaxDeclarationType {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Mẫu số, e.g. 01/GTGT.' })
  formCode!: string;

  @Field(() => PeriodKind)
  periodKind!: PeriodKind;

  @Field({ description: 'YYYY-MM-DD' })
  periodStart!: string;

  @Field({ description: 'YYYY-MM-DD' })
  periodEnd!: string;

  @Field(() => GraphQLSafeInt)
  taxableAmountVnd!: number;

  @Field(() => GraphQLSafeInt)
  taxAmountVnd!: number;

  @Field({ description: 'A supplementary declaration (tờ khai bổ sung) of a period already declared.' })
  supplementary!: boolean;

  @Field(() => DeclarationStatus)
  status!: DeclarationStatus;

  @Field(() => String, { nullable: true, description: 'Why it was rejected.' })
  reason!: string | null;

  @Field(() => Date)
  filedAt!: Date;

  @Field()
  filedByName!: string;

  @Field(() => Date, { nullable: true })
  decidedAt!: Date | null;

  @Field(() => String, { nullable: true })
  decidedByName!: string | null;

  @Field(() => Int)
  version!: number;
}

export const TaxDeclarationConnection = Connection(TaxDeclarationType, 'TaxDeclaration');
export type TaxDeclarationConnection = InstanceType<typeof TaxDeclarationConnection>;

export interface ObligationView {
  id: string;
  dossierId: string | null;
  taxpayerId: string | null;
  noticeId: string | null;
  kind: string;
  payerName: string;
  payerIdNumber: string;
  baseAmountVnd: number;
  rate: string;
  amountVnd: number;
  exemptionCode: string | null;
  exemptionLegalBasis: string | null;
  legalBasis: string;
  details: Record<string, unknown>;
  note: string | null;
  status: ObligationStatus;
  dueAt: Date | null;
  assessedAt: Date;
  assessedByName: string;
  version: number;
}

@ObjectType('TaxObligation', { description: 'An amount owed, as the tax office assessed it, with the rate and legal basis used.' })
export class TaxObligationType {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'PIT_REAL_ESTATE_TRANSFER, PIT_REAL_ESTATE_GIFT, REGISTRATION_FEE_LAND …' })
  kind!: string;

  @Field({ description: 'Vietnamese name of the kind.' })
  kindName!: string;

  @Field()
  payerName!: string;

  @Field({ description: 'CCCD or tax code; masked for analysts.' })
  payerIdNumber!: string;

  @Field(() => GraphQLSafeInt)
  baseAmountVnd!: number;

  @Field({ description: 'Decimal rate, e.g. 0.020000 for 2 %.' })
  rate!: string;

  @Field(() => GraphQLSafeInt)
  amountVnd!: number;

  @Field(() => String, { nullable: true })
  exemptionCode!: string | null;

  @Field(() => String, { nullable: true })
  exemptionLegalBasis!: string | null;

  @Field()
  legalBasis!: string;

  @Field(() => JSONObjectScalar, { description: 'How the base was found: parcels, table prices, declared price.' })
  details!: Record<string, unknown>;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => ObligationStatus)
  status!: ObligationStatus;

  @Field(() => Date, { nullable: true })
  dueAt!: Date | null;

  @Field(() => Date)
  assessedAt!: Date;

  @Field()
  assessedByName!: string;

  @Field(() => Int)
  version!: number;
}

export interface NoticeView {
  id: string;
  agencyId: string;
  dossierId: string | null;
  year: number;
  number: number;
  notation: string;
  payerName: string;
  amountVnd: number;
  paidAmountVnd: number;
  issuedAt: Date;
  issuedByName: string;
  dueAt: Date;
  dueLegalBasis: string;
  status: NoticeStatus;
  paidAt: Date | null;
  version: number;
  /** Whether identity numbers of nested obligations are masked. */
  masked: boolean;
}

@ObjectType('TaxNotice', { description: 'A notice to pay (thông báo nộp tiền) for one or more obligations.' })
export class TaxNoticeType {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => Int)
  number!: number;

  @Field({ description: 'Ký hiệu, e.g. TB-TLĐ.' })
  notation!: string;

  @Field({ description: 'Số và ký hiệu, e.g. 07/TB-TLĐ.' })
  numberAndSymbol!: string;

  @Field()
  payerName!: string;

  @Field(() => GraphQLSafeInt)
  amountVnd!: number;

  @Field(() => GraphQLSafeInt)
  paidAmountVnd!: number;

  @Field(() => Date)
  issuedAt!: Date;

  @Field()
  issuedByName!: string;

  @Field(() => Date, { description: 'Hạn nộp.' })
  dueAt!: Date;

  @Field()
  dueLegalBasis!: string;

  @Field(() => NoticeStatus)
  status!: NoticeStatus;

  @Field(() => Date, { nullable: true })
  paidAt!: Date | null;

  @Field(() => Int)
  version!: number;
}

@ObjectType('TaxPayment')
export class TaxPaymentType {
  @Field(() => GraphQLSafeInt)
  amountVnd!: number;

  @Field(() => Date)
  paidAt!: Date;

  @Field(() => PaymentMethod)
  method!: PaymentMethod;

  @Field({ description: 'Gateway txnRef/transaction number, or the counter receipt number.' })
  reference!: string;

  @Field()
  recordedByName!: string;
}

@ObjectType()
export class TaxAssessmentPayload {
  @Field(() => DossierType, { description: 'The dossier after the change (its version moved).' })
  dossier!: DossierView;

  @Field(() => [TaxObligationType], { description: 'The dossier’s obligations that are not cancelled.' })
  obligations!: ObligationView[];

  @Field(() => TaxNoticeType, { nullable: true, description: 'The notice just issued (issueTaxNotice).' })
  notice!: NoticeView | null;
}

export const TaxAssessmentResult = createUnionType({
  name: 'TaxAssessmentResult',
  types: () => [TaxAssessmentPayload, ValidationFailed, DossierNotFound, VersionConflict, NotAuthorized, CadastralDataMissing, LandPriceNotFound, TaxNoticeAlreadyIssued, NoAssessedObligations, Busy] as const,
});

export const TaxpayerResult = createUnionType({
  name: 'TaxpayerResult',
  types: () => [TaxpayerType, TaxpayerNotFound, NotAuthorized, ValidationFailed] as const,
});

@ObjectType()
export class TaxDeclarationPayload {
  @Field(() => TaxDeclarationType)
  declaration!: DeclarationView;
}

export const TaxDeclarationResult = createUnionType({
  name: 'TaxDeclarationResult',
  types: () => [TaxDeclarationPayload, ValidationFailed, NotAuthorized, TaxpayerNotFound, TaxDeclarationNotFound, AlreadyExists, VersionConflict, TransitionNotAllowed, Busy] as const,
});
