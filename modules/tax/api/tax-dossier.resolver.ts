import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { DossierType, type DossierView, type ModuleContext } from '../../../src/kernel';
import { dossierNotices } from './tax-assessment.resolver';
import { NoticeView, TaxNoticeType } from './tax.output';

/** Tax fields on the kernel's Dossier; the kernel already checked the caller may see the dossier. */
@Resolver(() => DossierType)
export class TaxDossierResolver {
  @FieldResolver(() => [TaxNoticeType], { description: 'Tax notices issued on the dossier (tax module), oldest first; batched per request.' })
  taxNotices(@Root() d: DossierView, @Ctx() ctx: ModuleContext): Promise<NoticeView[]> {
    return dossierNotices(ctx, d);
  }
}
