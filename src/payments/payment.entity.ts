import { BigIntType, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Rel, Unique } from '@mikro-orm/core';
import { uuidv7 } from '../db/ids';
import type { Dossier } from '../dossiers/dossier.entity';

export enum PaymentStatus {
  /** The link was handed to the applicant; the gateway has not called back. */
  PENDING = 'PENDING',
  PAID = 'PAID',
  /** The gateway reported a failed or cancelled transaction. */
  FAILED = 'FAILED',
}

/** One item of a payment order: what a module said was payable (e.g. a tax notice). */
export interface PaymentItem {
  module: string;
  ref: string;
  label: string;
  amountVnd: number;
}

/**
 * A payment order sent to the gateway for a dossier: the sum of what the modules said was
 * payable when the applicant asked to pay. Its `txnRef` is the merchant reference the gateway
 * signs back; a callback changes an order at most once (idempotent IPN).
 */
@Entity({ tableName: 'payment_order' })
@Unique({ properties: ['gateway', 'gatewayTransactionNo'] })
export class PaymentOrder {
  [OptionalProps]?: 'id' | 'status' | 'gatewayTransactionNo' | 'bankCode' | 'responseCode' | 'paidAt' | 'appliedAt' | 'applyProblem' | 'version';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'text', unique: true })
  txnRef!: string;

  @ManyToOne('Dossier', { deleteRule: 'cascade' })
  @Index()
  dossier!: Rel<Dossier>;

  @Property({ type: 'text' })
  gateway!: string;

  @Property({ type: new BigIntType('number'), check: 'amount_vnd > 0' })
  amountVnd!: number;

  @Property({ type: 'jsonb' })
  items!: PaymentItem[];

  @Enum(() => PaymentStatus)
  status: PaymentStatus = PaymentStatus.PENDING;

  @Property({ type: 'text', nullable: true })
  gatewayTransactionNo?: string | null;

  @Property({ type: 'text', nullable: true })
  bankCode?: string | null;

  /** The gateway's response code (`00` success, `24` cancelled by the customer …). */
  @Property({ type: 'text', nullable: true })
  responseCode?: string | null;

  @Property({ type: 'text' })
  createdByName!: string;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  paidAt?: Date | null;

  /** When the paid order moved the dossier on (the platform's `pay` action). */
  @Property({ type: 'timestamptz', nullable: true })
  appliedAt?: Date | null;

  /** Why a paid order could not move the dossier on (staff reconcile it); the money is recorded regardless. */
  @Property({ type: 'text', nullable: true })
  applyProblem?: string | null;

  @Property({ version: true })
  version!: number;
}

/** Every callback the gateway made, valid or not: the audit trail of a payment. Append-only. */
@Entity({ tableName: 'payment_callback' })
export class PaymentCallback {
  [OptionalProps]?: 'id' | 'order';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'text' })
  gateway!: string;

  /** IPN (server to server, changes state) or RETURN (the browser coming back, display only). */
  @Property({ type: 'text' })
  kind!: 'IPN' | 'RETURN';

  @ManyToOne(() => PaymentOrder, { nullable: true, deleteRule: 'cascade' })
  @Index()
  order?: Rel<PaymentOrder> | null;

  @Property({ type: 'text', nullable: true })
  txnRef?: string | null;

  @Property({ type: 'boolean' })
  signatureValid!: boolean;

  /** What we answered (`RspCode` for an IPN). */
  @Property({ type: 'text' })
  outcome!: string;

  /** The parameters received (the gateway's signature included; it is not a secret). */
  @Property({ type: 'jsonb' })
  params!: Record<string, string>;

  @Property({ type: 'timestamptz' })
  receivedAt!: Date;
}
