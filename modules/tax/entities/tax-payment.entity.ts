import { BigIntType, Check, Entity, Enum, ManyToOne, OptionalProps, PrimaryKey, Property, Rel, Unique } from '@mikro-orm/core';
import { uuidv7 } from '../../../src/kernel';
import { TaxNotice } from './tax-notice.entity';

export enum PaymentMethod {
  /** Through the platform's payment gateway. */
  ONLINE = 'ONLINE',
  /** At the counter or by bank transfer, recorded by an officer with the receipt number. */
  COUNTER = 'COUNTER',
}

/** Money received against a notice; a notice is PAID only when its payments add up to its amount. */
@Entity({ tableName: 'tax_payment' })
@Check({ name: 'tax_payment_amount_check', expression: 'amount_vnd > 0' })
@Unique({ name: 'tax_payment_reference_unique', properties: ['notice', 'method', 'reference'] })
export class TaxPayment {
  [OptionalProps]?: 'id';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => TaxNotice)
  notice!: Rel<TaxNotice>;

  @Property({ type: new BigIntType('number') })
  amountVnd!: number;

  @Property({ type: 'timestamptz' })
  paidAt!: Date;

  @Enum({ items: () => PaymentMethod, nativeEnumName: 'tax_payment_method' })
  method!: PaymentMethod;

  /** Gateway `txnRef/transactionNo`, or the counter receipt number (biên lai). */
  @Property({ type: 'text' })
  reference!: string;

  @Property({ type: 'text' })
  recordedByName!: string;
}
