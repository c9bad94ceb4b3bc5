import { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Field, FieldResolver, Info, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { AgencyType, ErrorResult, Issues, type ModuleContext, NotAuthorized, pageSize, requirePrincipal, ValidationFailed } from '../../../src/kernel';
import { noteTaxpayerRead, presentObligation, TaxpayerAccess, taxpayerLookup, visibleTaxpayerFields } from '../access';
import { DECLARATION_FORMS } from '../rules/rates';
import { DeclarationService, DeclarationWrite } from '../services/declaration.service';
import { anyTaxCodeProblem } from '../services/taxpayer.service';
import { TaxpayerNotFound } from './tax-errors.output';
import { DecideTaxDeclarationInput, FileTaxDeclarationInput } from './taxpayer.inputs';
import { declarationCursor, declarationsLoader, findDeclaration, findTaxpayer, obligationsByTaxpayer } from './tax.queries';
import { ObligationView, TaxDeclarationConnection, TaxDeclarationPayload, TaxDeclarationResult, TaxObligationType, TaxpayerResult, TaxpayerType, TaxpayerView } from './tax.output';

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

/** A taxpayer as the caller may see it (access.ts). */
function present(v: TaxpayerView): TaxpayerType {
  return Object.assign(new TaxpayerType(), v, visibleTaxpayerFields(v));
}

const declarations = new DeclarationService();

async function declarationPayload(ctx: ModuleContext, r: DeclarationWrite) {
  if (r instanceof ErrorResult) return r;
  return Object.assign(new TaxDeclarationPayload(), { declaration: await findDeclaration(ctx.em, r.declarationId) });
}

/** Taxpayers and their declarations: the taxpayer itself, tax officers and analysts (ARCHITECTURE rule 7). */
@Resolver(() => TaxpayerType)
export class TaxpayerResolver {
  @Query(() => TaxpayerResult, { description: 'A taxpayer by tax code (or an individual’s CCCD): for the taxpayer itself, tax officers and analysts.' })
  async taxpayer(@Ctx() ctx: ModuleContext, @Info() info: GraphQLResolveInfo, @Arg('taxCode') taxCode: string) {
    const p = requirePrincipal(ctx.principal);
    const code = taxCode.trim();
    const problem = anyTaxCodeProblem(code);
    if (problem) {
      const issues = new Issues();
      issues.add('taxCode', problem);
      return ValidationFailed.of(issues.list);
    }
    const lookup = taxpayerLookup(p, code);
    if ('refusal' in lookup) return NotAuthorized.of(lookup.refusal);
    const v = await findTaxpayer(ctx.em, code, lookup.access);
    if (!v) return TaxpayerNotFound.of(code);
    noteTaxpayerRead(ctx, info, v);
    return present(v);
  }

  @Query(() => [TaxDeclarationFormType], { description: 'Declaration forms that can be filed (tax module).' })
  taxDeclarationForms(): TaxDeclarationFormType[] {
    return DECLARATION_FORMS.map((f) => ({ ...f }));
  }

  @FieldResolver(() => TaxDeclarationConnection, { description: 'Declarations, newest filed first (at most 100 a page).' })
  async declarations(
    @Root() t: TaxpayerView,
    @Ctx() ctx: ModuleContext,
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
  async obligations(@Root() t: TaxpayerView, @Ctx() ctx: ModuleContext): Promise<ObligationView[]> {
    return (await obligationsByTaxpayer(ctx).load(t.id)).map((o) => presentObligation(o, t.access === TaxpayerAccess.OBSERVER));
  }

  @FieldResolver(() => AgencyType, { description: 'The tax agency that manages the taxpayer.' })
  managingAgency(@Root() t: TaxpayerView, @Ctx() ctx: ModuleContext) {
    return ctx.services.reference.agency(t.agencyId);
  }

  @Mutation(() => TaxDeclarationResult, { description: 'The taxpayer files a declaration (e-filing). A second original for the same form and period is refused.' })
  async fileTaxDeclaration(@Ctx() ctx: ModuleContext, @Arg('input') input: FileTaxDeclarationInput) {
    return declarationPayload(ctx, await declarations.file(ctx.em, requirePrincipal(ctx.principal), input, ctx.services.clock.now()));
  }

  @Mutation(() => TaxDeclarationResult, { description: 'A tax specialist or leader of the managing agency accepts or rejects a filed declaration.' })
  async decideTaxDeclaration(@Ctx() ctx: ModuleContext, @Arg('input') input: DecideTaxDeclarationInput) {
    return declarationPayload(ctx, await declarations.decide(ctx.em, requirePrincipal(ctx.principal), input, ctx.services.clock.now()));
  }
}
