import { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Field, FieldResolver, Info, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import {
  AgencyType, ErrorResult, type GraphQLContext, Issues, maskIdNumber, NotAuthorized, pageSize, readPurpose,
  requirePrincipal, selectedFields, unmaskedRead, ValidationFailed,
} from '../../../src/kernel';
import { TaxpayerKind } from '../entities/taxpayer.entity';
import { DECLARATION_FORMS } from '../rules/rates';
import { DeclarationService, DeclarationWrite } from '../services/declaration.service';
import { anyTaxCodeProblem, TaxpayerAccess, taxpayerAccess } from '../services/taxpayer.service';
import { TaxpayerNotFound } from './tax-errors.output';
import { DecideTaxDeclarationInput, FileTaxDeclarationInput } from './taxpayer.inputs';
import { declarationCursor, declarationsLoader, findDeclaration, findTaxpayer, obligationsByTaxpayer } from './tax.queries';
import { ObligationView, TaxDeclarationConnection, TaxDeclarationPayload, TaxDeclarationResult, TaxObligationType, TaxpayerResult, TaxpayerType, TaxpayerView } from './tax.output';
import { presentObligation } from './tax-assessment.resolver';

@ObjectType('TaxDeclarationForm', { description: 'A declaration form (mẫu tờ khai) the taxpayer may file.' })
class TaxDeclarationFormType {
  @Field()
  code!: string;

  @Field()
  name!: string;

  @Field(() => [String])
  periodKinds!: string[];

  @Field(() => [String])
  taxpayerKinds!: string[];

  @Field()
  legalBasis!: string;
}

/** A taxpayer as the caller may see it: analysts get individuals' codes masked and no address. */
function present(v: TaxpayerView): TaxpayerType {
  const person = v.kind === TaxpayerKind.INDIVIDUAL;
  const full = !person || unmaskedRead(v.access !== TaxpayerAccess.OBSERVER, { record: 'tax.taxpayer', recordId: v.id, fields: ['taxCode', 'address'] });
  return Object.assign(new TaxpayerType(), v, {
    taxCode: full ? v.taxCode : maskIdNumber(v.taxCode),
    address: full ? v.address : null,
  });
}

/** What of an individual taxpayer's file is personal data (Decree 13/2023/NĐ-CP): the rest is the tax agency's own. */
const PERSONAL_FIELDS = ['taxCode', 'name', 'address', 'legalRepresentative', 'businessLines', 'declarations', 'obligations'];
/** What an analyst sees unmasked of an individual (the code is masked, the address withheld). */
const OBSERVER_UNMASKED = ['name', 'businessLines', 'declarations', 'obligations'];

/** Logs a read of an individual's file by anyone but the person (ctx.dataAccess skips the person's own reads). */
function noteRead(ctx: GraphQLContext, info: GraphQLResolveInfo, v: TaxpayerView): void {
  if (v.kind !== TaxpayerKind.INDIVIDUAL || v.access === TaxpayerAccess.SELF) return;
  const unmasked = v.access === TaxpayerAccess.OBSERVER ? OBSERVER_UNMASKED : PERSONAL_FIELDS;
  ctx.dataAccess.note({
    subjectIdNumber: v.taxCode,
    recordType: 'tax-taxpayer',
    recordId: v.id,
    // The person knows their file by its tax code; an analyst never saw it, so it is masked there too.
    recordLabel: `MST ${maskIdNumber(v.taxCode)}`,
    fields: selectedFields(info, unmasked),
    purpose: readPurpose(info),
  });
}

const declarations = new DeclarationService();

async function declarationPayload(ctx: GraphQLContext, r: DeclarationWrite) {
  if (r instanceof ErrorResult) return r;
  return Object.assign(new TaxDeclarationPayload(), { declaration: await findDeclaration(ctx.em, r.declarationId) });
}

/** Taxpayers and their declarations: the taxpayer itself, tax officers and analysts (ARCHITECTURE rule 7). */
@Resolver(() => TaxpayerType)
export class TaxpayerResolver {
  @Query(() => TaxpayerResult, { description: 'A taxpayer by tax code (or an individual’s CCCD): for the taxpayer itself, tax officers and analysts.' })
  async taxpayer(@Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo, @Arg('taxCode') taxCode: string) {
    const p = requirePrincipal(ctx.principal);
    const code = taxCode.trim();
    const problem = anyTaxCodeProblem(code);
    if (problem) {
      const issues = new Issues();
      issues.add('taxCode', problem);
      return ValidationFailed.of(issues.list);
    }
    const access = taxpayerAccess(p, code);
    if (!access) return NotAuthorized.of('only the taxpayer itself and tax officers see a taxpayer');
    // An individual's tax code is their CCCD, which observers see masked: looking one up by the
    // full number would unmask it by guessing (issue 13, no oracles). Decided from the code's
    // shape, before anything is read, so the refusal says nothing about whether it exists.
    if (access === TaxpayerAccess.OBSERVER && /^\d{12}$/.test(code)) return NotAuthorized.of('analysts and system admins see individuals’ identity numbers masked and cannot look one up');
    const v = await findTaxpayer(ctx.em, code, access);
    if (!v) return TaxpayerNotFound.of(code);
    noteRead(ctx, info, v);
    return present(v);
  }

  @Query(() => [TaxDeclarationFormType], { description: 'Declaration forms that can be filed (tax module).' })
  taxDeclarationForms(): TaxDeclarationFormType[] {
    return DECLARATION_FORMS.map((f) => ({ ...f }));
  }

  @FieldResolver(() => TaxDeclarationConnection, { description: 'Declarations, newest filed first (at most 100 a page).' })
  async declarations(
    @Root() t: TaxpayerView,
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<TaxDeclarationConnection> {
    const limit = pageSize(first, ctx.services.config.limits.maxPageSize);
    const rows = await declarationsLoader(ctx, limit, after ?? null).load(t.id);
    const page = rows.slice(0, limit);
    const edges = page.map((node) => ({ cursor: declarationCursor(node), node }));
    return { edges, pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.length ? edges[edges.length - 1].cursor : null } } as TaxDeclarationConnection;
  }

  @FieldResolver(() => [TaxObligationType], { description: 'Obligations assessed on the taxpayer (cancelled assessments left out).' })
  async obligations(@Root() t: TaxpayerView, @Ctx() ctx: GraphQLContext): Promise<ObligationView[]> {
    return (await obligationsByTaxpayer(ctx).load(t.id)).map((o) => presentObligation(o, t.access === TaxpayerAccess.OBSERVER));
  }

  @FieldResolver(() => AgencyType, { description: 'The tax agency that manages the taxpayer.' })
  managingAgency(@Root() t: TaxpayerView, @Ctx() ctx: GraphQLContext) {
    return ctx.services.reference.agency(t.agencyId);
  }

  @Mutation(() => TaxDeclarationResult, { description: 'The taxpayer files a declaration (e-filing). A second original for the same form and period is refused.' })
  async fileTaxDeclaration(@Ctx() ctx: GraphQLContext, @Arg('input') input: FileTaxDeclarationInput) {
    return declarationPayload(ctx, await declarations.file(ctx.em, requirePrincipal(ctx.principal), input, ctx.services.clock.now()));
  }

  @Mutation(() => TaxDeclarationResult, { description: 'A tax specialist or leader of the managing agency accepts or rejects a filed declaration.' })
  async decideTaxDeclaration(@Ctx() ctx: GraphQLContext, @Arg('input') input: DecideTaxDeclarationInput) {
    return declarationPayload(ctx, await declarations.decide(ctx.em, requirePrincipal(ctx.principal), input, ctx.services.clock.now()));
  }
}
