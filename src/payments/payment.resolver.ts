import DataLoader from 'dataloader';
import { Arg, createUnionType, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, registerEnumType, Resolver, Root } from 'type-graphql';
import { query } from '../db/sql';
import { DossierType } from '../dossiers/dossier.output';
import { DossierView } from '../dossiers/dossier.view';
import { seesPersonalData } from '../dossiers/dossier-access';
import { grouped } from '../graphql/grouped';
import { Busy, DossierNotFound, ErrorResult, NotAuthorized, ServiceUnavailable, TransitionNotAllowed } from '../graphql/errors';
import { GraphQLContext } from '../server/context';
import { PaymentStatus } from './payment.entity';

registerEnumType(PaymentStatus, { name: 'PaymentStatus', description: 'State of an online payment order.' });

@ObjectType('PaymentItem', { description: 'One thing paid by an order (e.g. a tax notice), as the module that owns it described it.' })
export class PaymentItemType {
  @Field()
  module!: string;

  @Field()
  ref!: string;

  @Field()
  label!: string;

  @Field(() => Int, { description: 'VND.' })
  amountVnd!: number;
}

@ObjectType('PaymentOrder', { description: 'An online payment order for a dossier and what the gateway reported.' })
export class PaymentOrderType {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Merchant reference signed back by the gateway (vnp_TxnRef).' })
  txnRef!: string;

  @Field()
  gateway!: string;

  @Field(() => Int, { description: 'VND.' })
  amountVnd!: number;

  @Field(() => [PaymentItemType])
  items!: PaymentItemType[];

  @Field(() => PaymentStatus)
  status!: PaymentStatus;

  @Field(() => String, { nullable: true, description: 'The gateway’s transaction number (vnp_TransactionNo).' })
  gatewayTransactionNo!: string | null;

  @Field(() => String, { nullable: true })
  responseCode!: string | null;

  @Field()
  createdAt!: Date;

  @Field()
  expiresAt!: Date;

  @Field(() => Date, { nullable: true })
  paidAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Why a paid order could not move the dossier on; staff reconcile it.' })
  applyProblem!: string | null;
}

@ObjectType()
class PaymentStarted {
  @Field(() => PaymentOrderType)
  order!: PaymentOrderType;

  @Field({ description: 'Send the applicant’s browser here; the gateway calls the server back when the payment is done.' })
  paymentUrl!: string;
}

const PayDossierOnlineResult = createUnionType({
  name: 'PayDossierOnlineResult',
  types: () => [PaymentStarted, DossierNotFound, TransitionNotAllowed, NotAuthorized, ServiceUnavailable, Busy] as const,
});


@Resolver()
export class PaymentResolver {
  @Mutation(() => PayDossierOnlineResult, { description: 'The applicant pays what is due on a dossier waiting for payment (national status 6) through the online gateway; `ServiceUnavailable` when this server has no online payment (then the fees are paid at the counter).' })
  async payDossierOnline(
    @Ctx() ctx: GraphQLContext,
    @Arg('dossierId', () => ID) dossierId: string,
    @Arg('locale', () => String, { nullable: true, description: 'vn (default) or en: the language of the gateway’s pages.' }) locale?: string,
  ): Promise<typeof PayDossierOnlineResult> {
    if (!/^[0-9a-f-]{36}$/i.test(dossierId)) return DossierNotFound.of(dossierId);
    const r = await ctx.services.payments.start(ctx.em, ctx.principal, { dossierId, locale: locale === 'en' ? 'en' : 'vn', ipAddr: ctx.clientIp ?? '127.0.0.1' });
    if (r instanceof ErrorResult) return r;
    return Object.assign(new PaymentStarted(), { order: toView(r.order as unknown as OrderRow), paymentUrl: r.paymentUrl });
  }
}

interface OrderRow {
  id: string;
  dossierId: string;
  txnRef: string;
  gateway: string;
  amountVnd: string | number;
  items: PaymentItemType[];
  status: PaymentStatus;
  gatewayTransactionNo: string | null;
  responseCode: string | null;
  createdAt: Date;
  expiresAt: Date;
  paidAt: Date | null;
  applyProblem: string | null;
}

function toView(r: OrderRow): PaymentOrderType {
  return { ...r, amountVnd: Number(r.amountVnd), gatewayTransactionNo: r.gatewayTransactionNo ?? null, responseCode: r.responseCode ?? null, paidAt: r.paidAt ?? null, applyProblem: r.applyProblem ?? null };
}

@Resolver(() => DossierType)
export class DossierPaymentsResolver {
  @FieldResolver(() => [PaymentOrderType], { description: 'Online payment orders of the dossier, oldest first; hidden from observers.' })
  async payments(@Root() d: DossierView, @Ctx() ctx: GraphQLContext): Promise<PaymentOrderType[]> {
    if (!seesPersonalData(d.access)) return [];
    const loader = ctx.loaders.forModule('kernel.paymentsByDossier', () => new DataLoader<string, OrderRow[]>(async (ids) =>
      grouped(ids, await query<OrderRow>(ctx.em, `select id, dossier_id as "dossierId", txn_ref as "txnRef", gateway, amount_vnd as "amountVnd", items, status,
        gateway_transaction_no as "gatewayTransactionNo", response_code as "responseCode", created_at as "createdAt", expires_at as "expiresAt", paid_at as "paidAt", apply_problem as "applyProblem"
        from payment_order where dossier_id = any($1::uuid[]) order by created_at, id`, [ids]), (r) => r.dossierId)));
    return (await loader.load(d.id)).map(toView);
  }
}
