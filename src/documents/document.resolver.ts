import { GraphQLError } from 'graphql';
import { VIETNAM_UTC_OFFSET_MINUTES } from '../calendar/working-calendar';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { officerAgencies } from '../auth/principal';
import { subscribeToFeed } from '../events/feed-subscription';
import { requirePrincipal } from '../graphql/auth-guard';
import { pageSize } from '../graphql/connection';
import { ErrorResult, MalformedPackage, NotAuthorized } from '../graphql/errors';
import { DossierType } from '../dossiers/dossier.output';
import { DossierView } from '../dossiers/dossier.view';
import { AgencyType } from '../org/org.output';
import { GraphQLContext } from '../server/context';
import { EdxmlError } from './edxml.types';
import { importEdxml } from './edxml.parse';
import { exportEdxml } from './edxml.render';
import { AcknowledgeDocumentInput, AssignDocumentInput, DraftDocumentInput, ReportDocumentInput, UpdateDocumentInput } from './document.inputs';
import {
  DocumentChangeType,
  DocumentFileType,
  DocumentPayload,
  DocumentRecipientType,
  DocumentRegisterFilter,
  DocumentResult,
  DocumentTraceType,
  IncomingConnection,
  IncomingDocumentType,
  OfficialDocumentType,
  OutgoingConnection,
  DocumentDeadlineCountsType,
} from './document.output';
import { DeadlineCounts, deadlineCounts, DocumentView, findDocument, incomingRegister, outgoingRegister, RecipientView, searchDocuments, TraceView } from './document.queries';
import { isLate } from './document-deadlines';
import { DocumentWrite, numberAndSymbol } from './document.service';
import { DOCUMENT_TYPES } from './document.types';

/** An instant as an ISO date-time in Vietnam's offset, so the package's dates are local dates. */
function vietnamIso(d: Date): string {
  return `${new Date(d.getTime() + VIETNAM_UTC_OFFSET_MINUTES * 60_000).toISOString().slice(0, 23)}+07:00`;
}

/** Re-reads the written document with the caller's rights, as the payload of a mutation. */
async function payload(ctx: GraphQLContext, w: DocumentWrite): Promise<typeof DocumentResult> {
  if (w instanceof ErrorResult) return w;
  const document = await findDocument(ctx.em, ctx.principal!, w.documentId);
  return Object.assign(new DocumentPayload(), { document });
}

function agencyIdOf(ctx: GraphQLContext, code: string): string {
  const a = ctx.services.reference.agencyByCode(code);
  if (!a) throw new GraphQLError(`Unknown agency ${code}`, { extensions: { code: 'BAD_USER_INPUT' } });
  return a.id;
}

@Resolver(() => OfficialDocumentType)
export class DocumentResolver {
  @Query(() => OfficialDocumentType, { nullable: true, description: 'A document the caller’s agency issued or received; null when it does not exist, is not theirs, or is secret and they are not a named handler.' })
  async document(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<DocumentView | null> {
    return findDocument(ctx.em, requirePrincipal(ctx.principal), id);
  }

  @Query(() => OutgoingConnection, { description: 'Sổ văn bản đi of an agency, newest first.' })
  async outgoingDocuments(
    @Ctx() ctx: GraphQLContext,
    @Arg('agencyCode') agencyCode: string,
    @Arg('filter', () => DocumentRegisterFilter, { nullable: true }) filter?: DocumentRegisterFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<OutgoingConnection> {
    const page = await outgoingRegister(ctx.em, requirePrincipal(ctx.principal), agencyIdOf(ctx, agencyCode), filter, pageSize(first, ctx.services.config.limits.maxPageSize), after, ctx.services.clock.now());
    const edges = page.nodes.map((node) => ({ cursor: page.cursor(node), node: node as unknown as OfficialDocumentType }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  @Query(() => DocumentDeadlineCountsType, { description: 'An agency’s documents against their own deadlines (issue after signing, acknowledgement on arrival), signed or delivered in [from, to) when given; its officers only.' })
  async documentDeadlineCounts(
    @Ctx() ctx: GraphQLContext,
    @Arg('agencyCode', { description: 'The agency’s electronic code.' }) agencyCode: string,
    @Arg('from', () => Date, { nullable: true, description: 'Signed (outgoing) or delivered (incoming) at or after.' }) from?: Date,
    @Arg('to', () => Date, { nullable: true, description: 'Before.' }) to?: Date,
  ): Promise<DeadlineCounts> {
    return deadlineCounts(ctx.em, requirePrincipal(ctx.principal), agencyIdOf(ctx, agencyCode), from, to, ctx.services.clock.now());
  }

  @Query(() => IncomingConnection, { description: 'Sổ văn bản đến of an agency, newest first.' })
  async incomingDocuments(
    @Ctx() ctx: GraphQLContext,
    @Arg('agencyCode') agencyCode: string,
    @Arg('filter', () => DocumentRegisterFilter, { nullable: true }) filter?: DocumentRegisterFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<IncomingConnection> {
    const page = await incomingRegister(ctx.em, requirePrincipal(ctx.principal), agencyIdOf(ctx, agencyCode), filter, pageSize(first, ctx.services.config.limits.maxPageSize), after, ctx.services.clock.now());
    const edges = page.nodes.map((node) => ({ cursor: page.cursor(node), node: node as unknown as IncomingDocumentType }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  @Query(() => [OfficialDocumentType], { description: 'Full-text search on the subject, with or without diacritics (“quyet dinh” finds “Quyết định”), over documents the caller may read.' })
  async searchDocuments(@Ctx() ctx: GraphQLContext, @Arg('text') text: string, @Arg('first', () => Int, { nullable: true }) first?: number): Promise<DocumentView[]> {
    return searchDocuments(ctx.em, requirePrincipal(ctx.principal), text, pageSize(first, ctx.services.config.limits.maxPageSize));
  }

  @Query(() => String, { nullable: true, description: 'The issued document as an edXML package (QCVN 102:2016 envelope), for a unit outside OneDoor; issuer’s officers only, never a secret document.' })
  async documentPackage(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<string | null> {
    const p = requirePrincipal(ctx.principal);
    const d = await findDocument(ctx.em, p, id);
    // Secret documents do not travel over the open exchange network.
    if (!d?.issuerId || !officerAgencies(p).includes(d.issuerId) || d.number == null || d.secrecy !== 'NONE') return null;
    const { reference } = ctx.services;
    const [recipients, files] = await Promise.all([ctx.loaders.documents.recipients.load(d.id), ctx.loaders.documents.files.load(d.id)]);
    const contents = files.length
      ? await ctx.em.getConnection().execute<{ sha256: string; content: Buffer }[]>('select sha256, content from stored_file where sha256 in (?)', [files.map((f) => f.sha256)])
      : [];
    const issuer = reference.agency(d.issuerId);
    const replaced = d.replacesId ? await findDocument(ctx.em, p, d.replacesId) : null;
    return exportEdxml({
      from: { code: issuer.code, name: issuer.name },
      to: recipients.map((r) => reference.agency(r.agencyId)).map((a) => ({ code: a.code, name: a.name })),
      number: d.number,
      notation: d.notation,
      typeCode: d.typeCode,
      typeName: DOCUMENT_TYPES[d.typeCode] ?? d.typeCode,
      issuedAt: vietnamIso(d.issuedAt!),
      place: d.place,
      subject: d.subject!,
      language: d.language,
      pageCount: d.pageCount,
      signer: { position: d.signerPosition ?? '', fullName: d.signerName ?? '' },
      urgency: d.urgency,
      secrecy: d.secrecy,
      dueAt: d.dueAt ? vietnamIso(d.dueAt) : null,
      documentId: d.id,
      replaces: replaced?.number ? { number: replaced.number, notation: replaced.notation, year: replaced.year! } : null,
      attachments: files.map((f) => ({
        name: f.name,
        mediaType: f.mediaType,
        sha256: f.sha256,
        contentBase64: Buffer.from(contents.find((c) => c.sha256 === f.sha256)!.content).toString('base64'),
      })),
    });
  }

  @Mutation(() => DocumentResult, { description: 'Drafts an outgoing document (any officer of the issuing agency).' })
  async draftDocument(@Ctx() ctx: GraphQLContext, @Arg('input') input: DraftDocumentInput) {
    return payload(ctx, await ctx.services.documents.draft(ctx.em, requirePrincipal(ctx.principal), input));
  }

  @Mutation(() => DocumentResult, { description: 'A leader of the issuing agency approves the draft.' })
  async approveDocument(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string, @Arg('expectedVersion', () => Int) expectedVersion: number) {
    return payload(ctx, await ctx.services.documents.advance(ctx.em, requirePrincipal(ctx.principal), id, expectedVersion, 'approve'));
  }

  @Mutation(() => DocumentResult, { description: 'A leader signs (their name and the position given are printed).' })
  async signDocument(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string, @Arg('expectedVersion', () => Int) expectedVersion: number, @Arg('signerPosition') signerPosition: string) {
    return payload(ctx, await ctx.services.documents.advance(ctx.em, requirePrincipal(ctx.principal), id, expectedVersion, 'sign', signerPosition));
  }

  @Mutation(() => DocumentResult, { description: 'The clerk (or a leader) numbers and issues a signed document; it reaches every recipient’s inbox.' })
  async issueDocument(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string, @Arg('expectedVersion', () => Int) expectedVersion: number) {
    return payload(ctx, await ctx.services.documents.issue(ctx.em, requirePrincipal(ctx.principal), id, expectedVersion));
  }

  @Mutation(() => DocumentResult, { description: 'A leader of the issuer recalls an issued document (thu hồi).' })
  async recallDocument(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string, @Arg('expectedVersion', () => Int) expectedVersion: number, @Arg('reason') reason: string) {
    return payload(ctx, await ctx.services.documents.recall(ctx.em, requirePrincipal(ctx.principal), id, expectedVersion, reason));
  }

  @Mutation(() => DocumentResult, { description: 'A leader of the issuer corrects an issued document’s subject, due date or urgency; recipients see it in the trace.' })
  async updateDocument(@Ctx() ctx: GraphQLContext, @Arg('input') input: UpdateDocumentInput) {
    return payload(ctx, await ctx.services.documents.update(ctx.em, requirePrincipal(ctx.principal), input));
  }

  @Mutation(() => DocumentResult, { description: 'A recipient unit acknowledges receipt: accepts (arrival number given) or rejects with a reason.' })
  async acknowledgeDocument(@Ctx() ctx: GraphQLContext, @Arg('input') input: AcknowledgeDocumentInput) {
    return payload(ctx, await ctx.services.documents.acknowledge(ctx.em, requirePrincipal(ctx.principal), input));
  }

  @Mutation(() => DocumentResult, { description: 'A leader of the recipient unit assigns a handler and a due date.' })
  async assignDocument(@Ctx() ctx: GraphQLContext, @Arg('input') input: AssignDocumentInput) {
    return payload(ctx, await ctx.services.documents.assign(ctx.em, requirePrincipal(ctx.principal), input));
  }

  @Mutation(() => DocumentResult, { description: 'The handler reports progress, completion (DONE) or failure (FAIL) back to the sender.' })
  async reportDocument(@Ctx() ctx: GraphQLContext, @Arg('input') input: ReportDocumentInput) {
    return payload(ctx, await ctx.services.documents.report(ctx.em, requirePrincipal(ctx.principal), input));
  }

  @Mutation(() => DocumentResult, { description: 'Files an edXML package from a unit outside OneDoor into the caller’s unit’s inbox.' })
  async importDocumentPackage(@Ctx() ctx: GraphQLContext, @Arg('xml') xml: string) {
    const p = requirePrincipal(ctx.principal);
    if (!officerAgencies(p).length) return NotAuthorized.of('import documents: agency officers only');
    try {
      return payload(ctx, await ctx.services.documents.importPackage(ctx.em, p, importEdxml(xml)));
    } catch (e) {
      if (e instanceof EdxmlError) return MalformedPackage.of(e.problems);
      throw e;
    }
  }

  @FieldResolver(() => Boolean, { description: 'Issued after issueDueAt, or signed and still unissued past it (the registers’ `late` filter and DocumentDeadlineCounts count the same).' })
  issueLate(@Root() d: DocumentView, @Ctx() ctx: GraphQLContext): boolean {
    return isLate(d.issueDueAt, d.issuedAt, ctx.services.clock.now());
  }

  @FieldResolver(() => String, { description: 'Số và ký hiệu, e.g. 12/QĐ-UBND; a secret document (own series) carries its secrecy mark, e.g. 01/QĐ-UBND (MẬT).' })
  numberAndSymbol(@Root() d: DocumentView): string {
    return numberAndSymbol(d.number, d.notation, d.secrecy);
  }

  @FieldResolver(() => String)
  typeName(@Root() d: DocumentView): string {
    return DOCUMENT_TYPES[d.typeCode] ?? d.typeCode;
  }

  @FieldResolver(() => AgencyType, { nullable: true, description: 'The issuing OneDoor agency; null for a document from outside (see issuerCode, issuerName).' })
  issuer(@Root() d: DocumentView, @Ctx() ctx: GraphQLContext) {
    return d.issuerId ? ctx.services.reference.agency(d.issuerId) : null;
  }

  @FieldResolver(() => String, { description: 'The issuer’s electronic code, inside OneDoor or not.' })
  issuerCode(@Root() d: DocumentView, @Ctx() ctx: GraphQLContext): string {
    return d.issuerId ? ctx.services.reference.agency(d.issuerId).code : d.externalIssuerCode!;
  }

  @FieldResolver(() => String)
  issuerName(@Root() d: DocumentView, @Ctx() ctx: GraphQLContext): string {
    return d.issuerId ? ctx.services.reference.agency(d.issuerId).name : d.externalIssuerName!;
  }

  @FieldResolver(() => [DocumentRecipientType], { description: 'For the issuer’s and recipients’ officers who may read the document.' })
  async recipients(@Root() d: DocumentView, @Ctx() ctx: GraphQLContext): Promise<RecipientView[]> {
    return d.readable && d.visible ? ctx.loaders.documents.recipients.load(d.id) : [];
  }

  @FieldResolver(() => [DocumentTraceType], { description: 'Every step at the sender and at each recipient, oldest first (same audience as recipients).' })
  async trace(@Root() d: DocumentView, @Ctx() ctx: GraphQLContext): Promise<TraceView[]> {
    return d.readable && d.visible ? ctx.loaders.documents.trace.load(d.id) : [];
  }

  @FieldResolver(() => [DocumentFileType])
  async files(@Root() d: DocumentView, @Ctx() ctx: GraphQLContext) {
    return d.readable ? ctx.loaders.documents.files.load(d.id) : [];
  }

  @FieldResolver(() => OfficialDocumentType, { nullable: true, description: 'The document this one replaces.' })
  async replaces(@Root() d: DocumentView, @Ctx() ctx: GraphQLContext): Promise<DocumentView | null> {
    return d.replacesId && ctx.principal ? findDocument(ctx.em, ctx.principal, d.replacesId) : null;
  }

  // --- subscriptions: the electronic office inbox and the sender's live view ---------------------

  @Subscription(() => IncomingDocumentType, {
    description: 'The inbox of a unit: an entry each time a document is delivered to it, recalled, replaced or corrected by its sender. Officers of the unit.',
    subscribe: ({ args, context }) => {
      const ctx = context as GraphQLContext;
      const p = requirePrincipal(ctx.principal);
      const unitId = agencyIdOf(ctx, String(args.unitCode));
      if (!officerAgencies(p).includes(unitId)) throw new GraphQLError('Only officers of this unit may watch its inbox', { extensions: { code: 'FORBIDDEN' } });
      return subscribeToFeed(ctx, (e) => e.aggregateType === 'Document' && e.type !== 'DocumentRecipientStatusChanged' && (e.payload.recipientAgencyIds as string[]).includes(unitId), async (e) =>
        // The register entry as the subscriber sees it (a secret document they may not read comes masked).
        (await incomingRegister(ctx.em, p, unitId, null, 1, null, ctx.services.clock.now(), e.aggregateId)).nodes,
      );
    },
  })
  documentReceived(@Root() entry: IncomingDocumentType, @Arg('unitCode') _unitCode: string): IncomingDocumentType {
    return entry;
  }

  @Subscription(() => DocumentChangeType, {
    description: 'Every committed change of one document (each recipient’s status, recall, corrections), for its sender and recipients.',
    subscribe: async ({ args, context }) => {
      const ctx = context as GraphQLContext;
      const p = requirePrincipal(ctx.principal);
      const id = String(args.documentId);
      if (!(await findDocument(ctx.em, p, id))) throw new GraphQLError('Document not found', { extensions: { code: 'NOT_FOUND' } });
      return subscribeToFeed(ctx, (e) => e.aggregateType === 'Document' && e.aggregateId === id, async (e) => {
        const document = await findDocument(ctx.em, p, id);
        if (!document) return [];
        const recipient = e.payload.recipientAgencyId ? ctx.services.reference.agency(e.payload.recipientAgencyId).code : null;
        return [{ eventId: e.id, type: e.type, at: new Date(e.payload.at), recipientAgencyCode: recipient, recipientStatus: e.payload.status && recipient ? e.payload.status : null, document }];
      });
    },
  })
  documentChanged(@Root() change: DocumentChangeType, @Arg('documentId', () => ID) _id: string): DocumentChangeType {
    return change;
  }
}

@Resolver(() => DocumentRecipientType)
export class DocumentRecipientResolver {
  @FieldResolver(() => Boolean, { description: 'Acknowledged after acknowledgeDueAt, or still unacknowledged past it.' })
  acknowledgeLate(@Root() r: RecipientView, @Ctx() ctx: GraphQLContext): boolean {
    return isLate(r.acknowledgeDueAt, r.acknowledgedAt, ctx.services.clock.now());
  }

  @FieldResolver(() => AgencyType)
  agency(@Root() r: RecipientView, @Ctx() ctx: GraphQLContext) {
    return ctx.services.reference.agency(r.agencyId);
  }

  @FieldResolver(() => String, { nullable: true, description: 'The handler’s name.' })
  async assigneeName(@Root() r: RecipientView, @Ctx() ctx: GraphQLContext): Promise<string | null> {
    return r.assigneeId ? ((await ctx.loaders.account.load(r.assigneeId)) as { fullName: string } | null)?.fullName ?? null : null;
  }
}

@Resolver(() => DocumentTraceType)
export class DocumentTraceResolver {
  @FieldResolver(() => AgencyType, { description: 'The unit that acted.' })
  agency(@Root() t: TraceView, @Ctx() ctx: GraphQLContext) {
    return ctx.services.reference.agency(t.agencyId);
  }
}

@Resolver(() => DossierType)
export class DossierDocumentsResolver {
  @FieldResolver(() => [OfficialDocumentType], { description: 'Issued documents that are this dossier’s result (a decision, a certificate).' })
  async resultDocuments(@Root() d: DossierView, @Ctx() ctx: GraphQLContext): Promise<DocumentView[]> {
    return ctx.loaders.documents.resultsFor(ctx.principal).load(d.id);
  }
}
