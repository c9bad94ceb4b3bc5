import {
  FieldNode,
  FragmentDefinitionNode,
  getArgumentValues,
  getNamedType,
  GraphQLField,
  GraphQLLeafType,
  GraphQLObjectType,
  GraphQLOutputType,
  GraphQLSchema,
  isEnumType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { collectSubfields } from 'graphql/execution/collectFields';
import type { Principal } from '../auth/principal';
import { pageSize } from '../graphql/connection';
import type { CompiledFieldUse, CompiledRootField, PreparedJsonStatement, RootFieldSqlCompiler } from '../graphql/sql-compiled-field';
import type { Clock } from '../calendar/clock';
import type { ReferenceData } from '../procedures/reference-data';
import type { DossierPresenter } from './dossier.view';
import type { DossierAccess } from './access-level';
import type { DossierFilter } from './dossier.queries';
import { dossierPageQuery, dossierPageTail } from './dossier.queries';
import { overdueSql } from './timeliness';
import { NATIONAL_STATUS_NAMES } from './national-status';
import { applicantContactSql, seesPersonalDataSql } from './masking';
import { applicantFieldsRead } from './applicant-read';
import { personalDataAccessInsertSql } from '../privacy/data-access';

/** What the compiled dossier list reads from a request (the GraphQL context provides it). */
export interface DossierListRequest {
  principal?: Principal;
  services: {
    presenter: DossierPresenter;
    reference: ReferenceData;
    clock: Clock;
    config: { limits: { maxPageSize: number } };
  };
}

/**
 * The `dossiers` connection compiled to one SQL statement that returns its finished JSON text
 * (the inbox is the hot path: executing and serialising ≈ 2,100 fields a page in Node cost more
 * than the database's work). The page's rows come from the same visibility, filter and keyset
 * SQL as `listDossiers` (`dossierPageQuery`), cursors are the same bytes, and personal data is
 * masked by the same rule (`seesPersonalData` and the mask functions of `masking.ts`, whose SQL
 * twins are used here).
 *
 * What it renders must equal what graphql-js would serialise, so it supports a known list of
 * fields (those that are plain properties of the read model) and refuses everything else at
 * compile time, which sends the operation to the resolvers: resolvers with their own logic
 * (`timeliness`, `assignee`, `formData`, module fields …), Float values
 * (PostgreSQL and JavaScript print them differently), `history { agency }`.
 *
 * Reference data the resolvers take from memory (workflow states, national statuses,
 * procedures, agencies, administrative units) is left in the SQL output as markers with the
 * row's key and replaced in Node by JSON rendered once from those same objects (cheaper than
 * a jsonb parameter parsed and looked up per request in PostgreSQL, and exactly what the
 * resolvers show even if a table changed after start-up). `availableActions` is such a marker
 * too, keyed by the facts the workflow engine reads (procedure, state, holding and receiving
 * agencies, assignee, the caller's access level, the due date and a running pause), rendered by
 * the resolver's own call (`presenter.availableActions`) once per distinct key and request.
 *
 * The statement: `page` (the rows of `dossierPageQuery`, one more than the page), `p` (row
 * numbers, cursors, whether the caller sees personal data), `e` (one JSON text per edge, with
 * the history as a correlated subquery on `dossier_history`'s index), then one aggregate row
 * with the connection. A NULL anywhere a value is required makes the result NULL, and the
 * resolvers answer instead.
 */
export const dossierListSqlCompiler: RootFieldSqlCompiler<DossierListRequest> = {
  fieldName: 'dossiers',
  get fields() {
    return dossierListFields();
  },
  compile(schema, fieldNodes, fragments) {
    try {
      return new DossierListPlan(schema, fieldNodes, fragments);
    } catch (e) {
      if (e instanceof Unsupported) return null;
      throw e;
    }
  },
};

/** The selection uses something the compiler does not render: the resolvers answer. */
class Unsupported extends Error {}

function unsupported(why: string): never {
  throw new Unsupported(why);
}

type Fields = Map<string, ReadonlyArray<FieldNode>>;

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * A named value in compiled SQL, `\u0002name\u0002`, replaced per request by a `$n` parameter or,
 * for checked integers (limits), by the number itself, which lets a prepared statement's generic
 * plan know them.
 */
const param = (name: string) => `\u0002${name}\u0002`;
const LITERALS = /^(limit|h\d+)$/;

/**
 * Reference objects are left in the SQL output as `\u0001key\u0001` markers and replaced by
 * their JSON in Node ({@link DossierListPlan.finish}). The control character cannot come from the
 * data: `to_json` escapes it.
 */
const MARK = '\u0001';

/** JSON text concatenated in SQL: literal pieces and expressions joined with `||`. */
class JsonText {
  private readonly parts: { lit: boolean; text: string }[] = [];

  lit(s: string): this {
    const last = this.parts[this.parts.length - 1];
    if (last?.lit) last.text += s;
    else this.parts.push({ lit: true, text: s });
    return this;
  }

  sql(expression: string): this {
    this.parts.push({ lit: false, text: expression });
    return this;
  }

  add(value: JsonText | string): this {
    if (typeof value === 'string') return this.sql(value);
    for (const p of value.parts) {
      if (p.lit) this.lit(p.text);
      else this.sql(p.text);
    }
    return this;
  }

  toSql(): string {
    return this.parts.map((p) => (p.lit ? quote(p.text) : `(${p.text})`)).join(' || ');
  }
}

/** An object in selection order; `member` renders each response key's value. */
function object(fields: Fields, member: (key: string, nodes: ReadonlyArray<FieldNode>) => JsonText | string): JsonText {
  const j = new JsonText().lit('{');
  let first = true;
  for (const [key, nodes] of fields) {
    j.lit(`${first ? '' : ','}${JSON.stringify(key)}:`).add(member(key, nodes));
    first = false;
  }
  return j.lit('}');
}

/** `to_char` pattern of `Date.prototype.toISOString()` (milliseconds truncated, as `new Date(text)` does). */
const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * A leaf value of the row as JSON text. `null` in a non-null field yields SQL NULL, which makes
 * the whole result NULL: the fast path then falls back and the resolvers report the error.
 */
function leaf(type: GraphQLOutputType, expression: string): string {
  const nullable = !isNonNullType(type);
  if (isListType(isNonNullType(type) ? type.ofType : type)) unsupported('list of leaves from a row');
  const named = getNamedType(type);
  let text: string;
  if (isEnumType(named)) {
    const cases = named.getValues().map((v) => `when ${quote(String(v.value))} then ${quote(JSON.stringify(v.name))}`);
    text = `case ${expression} ${cases.join(' ')} end`;
  } else {
    switch (named.name) {
      case 'ID':
      case 'String':
        text = `to_json(${expression})::text`;
        break;
      case 'Int':
        text = `(${expression})::int::text`;
        break;
      case 'Boolean':
        text = `case when ${expression} then 'true' when not ${expression} then 'false' end`;
        break;
      case 'DateTime':
        text = `'"' || to_char((${expression}) at time zone 'UTC', ${ISO}) || '"'`;
        break;
      default:
        unsupported(`${named.name} values`);
    }
  }
  return nullable ? `coalesce(${text}, 'null')` : text;
}

function typename(type: GraphQLObjectType): JsonText {
  return new JsonText().lit(JSON.stringify(type.name));
}

function noArguments(nodes: ReadonlyArray<FieldNode>): void {
  if (nodes.some((n) => n.arguments?.length)) unsupported('arguments');
}

/** Row columns of `dossier` (alias `p`) rendered as they are. */
const DOSSIER_COLUMNS: Record<string, string> = {
  id: 'p.id::text',
  code: 'p.code',
  channel: 'p.channel',
  submittedAt: 'p.submitted_at',
  receivedAt: 'p.received_at',
  dueAt: 'p.due_at',
  originalDueAt: 'p.original_due_at',
  finishedAt: 'p.finished_at',
  returnedAt: 'p.returned_at',
  closedAt: 'p.closed_at',
  version: 'p.version',
};

/** `Applicant` fields: plain properties of the presenter's applicant, masked by the rule of masking.ts. */
const APPLICANT_FIELDS = ['kind', 'name', 'idNumber', 'email', 'phone', 'address'] as const;

const HISTORY_COLUMNS: Record<string, string> = {
  id: 'h.id::text',
  at: 'h.at',
  action: 'h.action',
  fromState: 'h.from_state',
  toState: 'h.to_state',
  actorName: 'h.actor_name',
  note: 'h.note',
};

/**
 * Fields of the in-memory reference objects that are plain properties (no field resolver):
 * rendered with the schema's own serializers, as graphql-js would.
 */
const MEMORY_FIELDS: Record<string, readonly string[]> = {
  WorkflowState: ['key', 'label', 'nationalStatus', 'slaWorkingHours', 'terminal'],
  NationalStatus: ['code', 'name'],
  Procedure: ['id', 'code', 'name', 'field', 'moduleName', 'onlineKind', 'legacyLevel', 'applicantKinds', 'resultKind', 'legalBasis', 'workflowKey'],
  Agency: ['id', 'code', 'name', 'shortName', 'kind', 'moduleName', 'validFrom', 'validTo'],
  AdministrativeUnit: ['id', 'code', 'name', 'level', 'validFrom', 'validTo'],
  AvailableAction: ['key', 'label', 'inputs', 'form'],
};

type Render = (value: unknown) => string;

/** Renders an in-memory value of `type` for a selection; throws (at prepare time) on a null in a non-null field. */
function memoryRenderer(schema: GraphQLSchema, fragments: Record<string, FragmentDefinitionNode>, type: GraphQLOutputType, nodes: ReadonlyArray<FieldNode>): Render {
  if (isNonNullType(type)) {
    const inner = memoryRenderer(schema, fragments, type.ofType, nodes);
    return (v) => {
      if (v == null) throw new Error('null in a non-null field');
      return inner(v);
    };
  }
  const orNull = (r: Render): Render => (v) => (v == null ? 'null' : r(v));
  if (isListType(type)) {
    const item = memoryRenderer(schema, fragments, type.ofType, nodes);
    return orNull((v) => `[${[...(v as Iterable<unknown>)].map(item).join(',')}]`);
  }
  if (isLeafType(type)) {
    if (type.name === 'Float') unsupported('Float values');
    const t: GraphQLLeafType = type;
    return orNull((v) => JSON.stringify(t.serialize(v)));
  }
  if (!isObjectType(type)) return unsupported(`abstract type ${type.name}`);
  const allowed = MEMORY_FIELDS[type.name] ?? unsupported(`type ${type.name}`);
  const members: [string, Render][] = [];
  for (const [key, fieldNodes] of collectSubfields(schema, fragments, {}, type, nodes)) {
    const name = fieldNodes[0].name.value;
    noArguments(fieldNodes);
    if (name === '__typename') {
      const t = JSON.stringify(type.name);
      members.push([key, () => t]);
      continue;
    }
    if (!allowed.includes(name)) unsupported(`${type.name}.${name}`);
    const render = memoryRenderer(schema, fragments, type.getFields()[name].type, fieldNodes);
    members.push([key, (o) => render((o as Record<string, unknown>)[name])]);
  }
  const prefixes = members.map(([key], i) => `${i ? ',' : '{'}${JSON.stringify(key)}:`);
  return orNull((o) => {
    let s = '';
    for (let i = 0; i < members.length; i++) s += prefixes[i] + members[i][1](o);
    return `${s}}`;
  });
}

/** A timestamp column as epoch milliseconds in a marker key ('' for null). */
const epochMs = (column: string) => `coalesce((extract(epoch from ${column}) * 1000)::bigint::text, '')`;

/** Which reference objects a lookup renders, keyed by what the row holds. */
type RefKind = 'state' | 'nationalStatus' | 'procedure' | 'agency' | 'adminUnit' | 'actions';

interface RefLookup {
  kind: RefKind;
  prefix: string;
  render: Render;
}

const REF_FIELDS: Record<string, { kind: RefKind; key: string }> = {
  state: { kind: 'state', key: `p.procedure_id::text || '/' || p.state` },
  nationalStatus: { kind: 'nationalStatus', key: 'p.national_status::text' },
  procedure: { kind: 'procedure', key: 'p.procedure_id::text' },
  holdingAgency: { kind: 'agency', key: 'p.holding_agency_id::text' },
  receivingAgency: { kind: 'agency', key: 'p.receiving_agency_id::text' },
  adminUnit: { kind: 'adminUnit', key: 'p.admin_unit_id::text' },
  // The facts `presenter.availableActions` reads (ActionFacts), in this order; rendered per request (they depend on the caller).
  availableActions: {
    kind: 'actions',
    key: `p.procedure_id::text || '/' || p.state || '/' || p.holding_agency_id::text || '/' || p.receiving_agency_id::text || '/' || coalesce(p.assignee_id::text, '') || '/' || p.access || '/' || ${epochMs('p.due_at')} || '/' || ${epochMs('p.paused_at')}`,
  },
};

/** Marker kinds whose rendering depends on the caller: rendered per request, never kept across requests. */
const PER_CALLER: ReadonlySet<RefKind> = new Set(['actions']);

/** One document's `dossiers` selection, compiled once; {@link prepare} binds a request to it. */
class DossierListPlan implements CompiledRootField<DossierListRequest> {
  private readonly refs: RefLookup[] = [];
  /** `history(last:)` field nodes, in the order of their `h<i>` parameters. */
  private readonly histories: { field: GraphQLField<unknown, unknown>; node: FieldNode }[] = [];
  private needsCursor = false;
  private needsSees = false;
  private needsNow = false;
  /** `Applicant` fields selected anywhere in the document. */
  private readonly applicantSelected = new Set<string>();
  /** The applicant fields whose unmasked read the statement logs (`applicantFieldsRead`); empty: no log CTE. */
  private readonly applicantLogged: string[];
  /** The compiled statement after the `page` CTE, split at its named parameters. */
  private readonly tail: string[];
  /** Rendered reference objects by marker key, per state of the reference data (`ReferenceData.generation`: a catalogue change renders anew). */
  private readonly rendered = new WeakMap<object, Map<string, string>>();

  constructor(
    private readonly schema: GraphQLSchema,
    fieldNodes: readonly FieldNode[],
    private readonly fragments: Record<string, FragmentDefinitionNode>,
  ) {
    const connectionType = this.objectType(schema.getQueryType()!.getFields().dossiers.type);
    const edges: JsonText[] = [];
    const connection = object(collectSubfields(schema, fragments, {}, connectionType, fieldNodes), (_key, nodes) => {
      const name = nodes[0].name.value;
      noArguments(nodes);
      if (name === '__typename') return typename(connectionType);
      if (name === 'edges') {
        const i = edges.length;
        edges.push(this.edge(this.objectType(connectionType.getFields().edges.type), nodes));
        return new JsonText().lit('[').sql(`coalesce(string_agg(e.e${i}, ',' order by e.rn), '')`).lit(']');
      }
      if (name === 'pageInfo') {
        return this.pageInfo(this.objectType(connectionType.getFields().pageInfo.type), nodes);
      }
      return unsupported(`DossierConnection.${name}`);
    });
    // count(*) also makes this an aggregate: one row, even for an empty page.
    const complete = ['count(*) >= 0', ...edges.map((_, i) => `count(e.e${i}) = count(*)`)].join(' and ');
    const ptCols = [
      'p0.*',
      'row_number() over (order by p0.s_at desc, p0.s_id desc) as rn',
      ...(this.needsCursor
        ? [`translate(encode(convert_to('["' || to_char(p0.submitted_at at time zone 'UTC', ${ISO}) || '","' || p0.id::text || '"]', 'UTF8'), 'base64'), E'+/=\\n', '-_') as cur`]
        : []),
      ...(this.needsSees
        ? // The caller's access level, read from the page's row (the one rule, dossierAccessSql).
          [`${seesPersonalDataSql('p0.access')} as sees`]
        : []),
    ];
    this.applicantLogged = applicantFieldsRead([...this.applicantSelected]);
    const sql = `,
      p as materialized (select ${ptCols.join(', ')} from page p0),
      e as materialized (select p.rn${this.needsCursor ? ', p.cur' : ''}${edges.map((x, i) => `, ${x.toSql()} as e${i}`).join('')}
        from p where p.rn <= ${param('limit')})${this.applicantLogged.length ? param('log') : ''}
      select case when ${complete} then ${connection.toSql()} end as json from e`;
    this.tail = sql.split(/\u0002(\w+)\u0002/);
  }

  private objectType(type: GraphQLOutputType): GraphQLObjectType {
    const named = getNamedType(type);
    return isObjectType(named) ? named : unsupported(`abstract type ${named.name}`);
  }

  private pageInfo(type: GraphQLObjectType, nodes: ReadonlyArray<FieldNode>): JsonText {
    return object(collectSubfields(this.schema, this.fragments, {}, type, nodes), (_key, fieldNodes) => {
      const name = fieldNodes[0].name.value;
      noArguments(fieldNodes);
      if (name === '__typename') return typename(type);
      if (name === 'hasNextPage') return `case when exists (select 1 from p where p.rn > ${param('limit')}) then 'true' else 'false' end`;
      if (name === 'endCursor') {
        this.needsCursor = true;
        return `coalesce(to_json((array_agg(e.cur order by e.rn desc))[1])::text, 'null')`;
      }
      return unsupported(`PageInfo.${name}`);
    });
  }

  private edge(type: GraphQLObjectType, nodes: ReadonlyArray<FieldNode>): JsonText {
    return object(collectSubfields(this.schema, this.fragments, {}, type, nodes), (_key, fieldNodes) => {
      const name = fieldNodes[0].name.value;
      noArguments(fieldNodes);
      if (name === '__typename') return typename(type);
      if (name === 'cursor') {
        this.needsCursor = true;
        return 'to_json(p.cur)::text';
      }
      if (name === 'node') return this.dossier(this.objectType(type.getFields().node.type), fieldNodes);
      return unsupported(`${type.name}.${name}`);
    });
  }

  private dossier(type: GraphQLObjectType, nodes: ReadonlyArray<FieldNode>): JsonText {
    const fields = type.getFields();
    return object(collectSubfields(this.schema, this.fragments, {}, type, nodes), (_key, fieldNodes) => {
      const name = fieldNodes[0].name.value;
      if (name === 'history') return this.history(fields.history, fieldNodes);
      noArguments(fieldNodes);
      if (name === '__typename') return typename(type);
      const column = DOSSIER_COLUMNS[name];
      if (column) return leaf(fields[name].type, column);
      if (name === 'overdue') {
        // As the resolver: the one definition in timeliness.ts.
        this.needsNow = true;
        return `case when ${overdueSql('p', param('now'))} then 'true' else 'false' end`;
      }
      if (name === 'lookupSecret') {
        this.needsSees = true;
        return leaf(fields[name].type, 'case when p.sees then p.lookup_secret end');
      }
      if (name === 'applicant') return this.applicant(this.objectType(fields.applicant.type), fieldNodes);
      const ref = REF_FIELDS[name];
      if (ref) {
        const prefix = `${this.refs.length}:`;
        this.refs.push({ kind: ref.kind, prefix, render: memoryRenderer(this.schema, this.fragments, fields[name].type, fieldNodes) });
        return new JsonText().lit(MARK + prefix).sql(ref.key).lit(MARK);
      }
      return unsupported(`Dossier.${name}`);
    });
  }

  private applicant(type: GraphQLObjectType, nodes: ReadonlyArray<FieldNode>): JsonText {
    const fields = type.getFields();
    return object(collectSubfields(this.schema, this.fragments, {}, type, nodes), (_key, fieldNodes) => {
      const name = fieldNodes[0].name.value;
      noArguments(fieldNodes);
      if (name === '__typename') return typename(type);
      this.applicantSelected.add(name);
      if (name === 'kind') return leaf(fields.kind.type, 'p.applicant_kind');
      if (name === 'name') return leaf(fields.name.type, 'p.applicant_name');
      this.needsSees = true;
      if (name === 'idNumber') return leaf(fields.idNumber.type, applicantContactSql('idNumber', 'p.sees', 'p.applicant_id_number'));
      if (name === 'email' || name === 'phone' || name === 'address') return leaf(fields[name].type, applicantContactSql(name, 'p.sees', `p.applicant_${name}`));
      return unsupported(`Applicant.${name}`);
    });
  }

  /** Newest first, `limit` NULL (all) when `last` is omitted: the loader's order and limit. */
  private history(field: GraphQLField<unknown, unknown>, nodes: ReadonlyArray<FieldNode>): string {
    const type = this.objectType(field.type);
    const fields = type.getFields();
    const i = this.histories.length;
    this.histories.push({ field, node: nodes[0] });
    const entry = object(collectSubfields(this.schema, this.fragments, {}, type, nodes), (_key, fieldNodes) => {
      const name = fieldNodes[0].name.value;
      noArguments(fieldNodes);
      if (name === '__typename') return typename(type);
      const column = HISTORY_COLUMNS[name];
      return column ? leaf(fields[name].type, column) : unsupported(`${type.name}.${name}`);
    });
    // A NULL entry (a null in a non-null field) must not vanish from string_agg: count it.
    return `(select case when count(*) = count(i.item) then '[' || coalesce(string_agg(i.item, ',' order by i.at desc, i.id desc), '') || ']' end
      from (select ${entry.toSql()} as item, h.at, h.id
        from (select * from dossier_history x where x.dossier_id = p.id order by x.at desc, x.id desc limit ${param(`h${i}`)}) h offset 0) i)`;
  }

  prepare(args: Record<string, unknown>, variables: Record<string, unknown>, ctx: DossierListRequest, purpose: string): PreparedJsonStatement | null {
    const { services } = ctx;
    const p = ctx.principal;
    if (!p) return null;
    const values: Record<string, unknown> = {};
    let q;
    try {
      const limit = pageSize(args.first as number | undefined, services.config.limits.maxPageSize);
      q = dossierPageQuery(services.presenter, p, args.filter as DossierFilter | undefined, limit, args.after as string | undefined, services.clock.now());
      values.limit = limit;
      for (let i = 0; i < this.histories.length; i++) {
        const { field, node } = this.histories[i];
        const last = getArgumentValues(field, node, variables).last as number | null | undefined;
        if (last != null && (!Number.isInteger(last) || last < 1 || last > 100)) return null;
        // LIMIT ALL: every entry, as the loader reads them without `last`.
        values[`h${i}`] = last ?? 'all';
      }
    } catch {
      // Bad input: the resolvers report it.
      return null;
    }
    if (!q) return null;
    if (this.needsNow) values.now = services.clock.now();
    // The access level is always selected: its parameters are already in q.params.
    let sql = `with page as (select d.*, ${q.vis.sortAt} as s_at, ${q.vis.sortId} as s_id, ${q.vis.accessColumn} ${dossierPageTail(q, true)})`;
    const params = q.params;
    const numbers = new Map<string, string>();
    for (let i = 0; i < this.tail.length; i++) {
      if (i % 2 === 0) {
        sql += this.tail[i];
        continue;
      }
      const name = this.tail[i];
      if (name === 'log') {
        sql += this.applicantLog(p, ctx, params, values.limit as number, purpose);
        continue;
      }
      if (LITERALS.test(name)) {
        sql += String(values[name]);
        continue;
      }
      let n = numbers.get(name);
      if (!n) {
        params.push(values[name]);
        numbers.set(name, (n = `$${params.length}`));
      }
      sql += n;
    }
    return { sql, params, finish: this.refs.length ? (text) => this.finish(text, ctx) : undefined };
  }

  /**
   * The SQL half of `noteApplicantRead` (applicant-read.ts): a CTE that writes, in this very
   * statement, one personal-data access row per person whose data the page returns unmasked
   * (`p.sees`, the rule of masking.ts), as the resolvers note them.
   */
  private applicantLog(p: Principal, ctx: DossierListRequest, params: unknown[], limit: number, purpose: string): string {
    const bind = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const source = `select p.applicant_id_number as subject_id_number, p.id::text as record_id, p.code as record_label
      from p where p.sees and p.rn <= ${limit} and p.applicant_kind = 'PERSON'`;
    const read = { recordType: 'dossier', fields: this.applicantLogged, purpose: `${purpose}.edges.node.applicant`, at: ctx.services.clock.now() };
    return `, logged as (${personalDataAccessInsertSql(p, read, source, bind)})`;
  }

  /**
   * Replaces the reference markers of the SQL output by the objects' JSON, rendered once per
   * key from the same in-memory objects the resolvers show; `null` (fall back) for a key they
   * would not find either.
   */
  private finish(text: string, ctx: DossierListRequest): string | null {
    const { reference } = ctx.services;
    let shared = this.rendered.get(reference.generation);
    if (!shared) this.rendered.set(reference.generation, (shared = new Map()));
    const perCaller = new Map<string, string>();
    let out = '';
    let from = 0;
    for (;;) {
      const a = text.indexOf(MARK, from);
      if (a < 0) break;
      const b = text.indexOf(MARK, a + 1);
      const key = text.slice(a + 1, b);
      const cache = PER_CALLER.has(this.refs[Number(key.slice(0, key.indexOf(':')))].kind) ? perCaller : shared;
      let json = cache.get(key);
      if (json === undefined) {
        try {
          json = this.render(key, ctx);
        } catch {
          return null;
        }
        cache.set(key, json);
      }
      out += text.slice(from, a) + json;
      from = b + 1;
    }
    return out + text.slice(from);
  }

  private render(key: string, ctx: DossierListRequest): string {
    const { reference, presenter } = ctx.services;
    const colon = key.indexOf(':');
    const ref = this.refs[Number(key.slice(0, colon))];
    const id = key.slice(colon + 1);
    switch (ref.kind) {
      case 'state': {
        const slash = id.indexOf('/');
        const [procedureId, state] = [id.slice(0, slash), id.slice(slash + 1)];
        return ref.render(presenter.state(reference.procedure(procedureId).workflowKey, state));
      }
      case 'nationalStatus': {
        const name = NATIONAL_STATUS_NAMES[Number(id) as keyof typeof NATIONAL_STATUS_NAMES];
        if (!name) throw new Error(`Unknown national status ${id}`);
        return ref.render({ code: Number(id), name });
      }
      case 'procedure':
        return ref.render(reference.procedure(id));
      case 'agency':
        return ref.render(reference.agency(id));
      case 'adminUnit':
        return ref.render(reference.adminUnit(id));
      case 'actions': {
        const [procedureId, stateKey, holdingAgencyId, receivingAgencyId, assigneeId, access, dueAt, pausedAt] = id.split('/');
        const instant = (ms: string) => (ms ? new Date(Number(ms)) : null);
        const facts = { procedureId, stateKey, holdingAgencyId, receivingAgencyId, assigneeId: assigneeId || null, access: access as DossierAccess, dueAt: instant(dueAt), pausedAt: instant(pausedAt) };
        return ref.render(presenter.availableActions(facts, ctx.principal, ctx.services.clock.now()));
      }
    }
  }
}

const properties = (names: Iterable<string>): Record<string, CompiledFieldUse> => Object.fromEntries([...names].map((n) => [n, 'property' as const]));

let declared: Record<string, Record<string, CompiledFieldUse>> | undefined;

/**
 * The metadata of {@link dossierListSqlCompiler}: what it renders, from the same tables that
 * render it, so the two cannot differ. Plain properties of the read models (`DossierView`, the
 * presenter's masked applicant, history rows, the in-memory reference objects), and the twins
 * of the resolvers whose logic it compiles.
 */
function dossierListFields(): Record<string, Record<string, CompiledFieldUse>> {
  return (declared ??= {
    DossierConnection: properties(['edges', 'pageInfo']),
    DossierEdge: properties(['cursor', 'node']),
    PageInfo: properties(['hasNextPage', 'endCursor']),
    Dossier: {
      ...properties([...Object.keys(DOSSIER_COLUMNS), ...Object.keys(REF_FIELDS).filter((f) => f !== 'availableActions'), 'lookupSecret']),
      overdue: { twinOf: 'DossierResolver.overdue: isOverdue, whose SQL twin is overdueSql (timeliness.ts)' },
      availableActions: { twinOf: 'DossierResolver.availableActions: presenter.availableActions, called in Node with the row\'s facts' },
      applicant: { twinOf: 'DossierResolver.applicant: the masking rule (masking.ts) and noteApplicantRead, whose SQL twin is the log CTE' },
      history: { twinOf: 'DossierResolver.history: the history loader (newest first, last n)' },
    },
    Applicant: properties(APPLICANT_FIELDS),
    DossierHistoryEntry: properties(Object.keys(HISTORY_COLUMNS)),
    ...Object.fromEntries(Object.entries(MEMORY_FIELDS).map(([type, names]) => [type, properties(names)])),
  });
}
