/**
 * The suite of the peer benchmark: per operation, OneDoor's query, PostGraphile's natural query
 * for the same data (written by hand against its generated schema, simplify inflector), how each
 * answer maps to comparable rows, and the SQL floor (one statement returning the same rows, run
 * under pgbench).
 */

/** Values the operations need from the seeded database (looked up once by the benchmark). */
export interface SuiteContext {
  /** The land registration office (officer's agency) code. */
  agencyCode: string;
  /** A dossier of that office with files, a payment, two history steps and stints. */
  dossierId: string;
  dossierCode: string;
  applicantIdNumber: string;
  /** A commune with parcels. */
  communeCode: string;
}

/** A GraphQL request body. */
export interface GraphQLRequest {
  query: string;
  variables?: Record<string, unknown>;
}

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers are read by shape

/** One operation of the suite. */
export interface PeerOperation {
  key: string;
  title: string;
  /** Who calls OneDoor: an account of the bench seed, or nobody (public query). */
  caller: 'officer' | 'analyst' | null;
  oneDoor(c: SuiteContext): GraphQLRequest;
  peer(c: SuiteContext): GraphQLRequest;
  /** OneDoor's `data` as the rows that are compared. */
  oneDoorRows(data: Json): unknown;
  /** PostGraphile's `data` as the same rows. */
  peerRows(data: Json): unknown;
  /** One SQL statement (no parameters) returning the rows as JSON in one column; run by pgbench and checked like the servers. */
  floorSql(c: SuiteContext): string;
  /** What the peer cannot express (masking, labels, visibility …), or what is left out of the comparison. */
  notes: string;
  /** Statements OneDoor runs that its `extensions.sqlStatements` leaves out (reported beside the count). */
  uncounted?: string;
}

/** A signed-in caller's token is checked against its account once per request, outside the request's count (src/auth/session.service.ts). */
const SESSION = '+1 session check';

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

// ——— inboxes ———

const INBOX_FIELDS = 'id code submittedAt dueAt state { key label } nationalStatus { code name } applicant { name } procedure { code name } holdingAgency { code name } history(last: 5) { action actorName at note }';
const PEER_INBOX_FIELDS = 'id code submittedAt dueAt state nationalStatus applicantName procedure { code name } holdingAgency { code name } dossierHistories(orderBy: [AT_DESC, ID_DESC], first: 5) { nodes { action actorName at note } }';

/** The inbox row, applicant name left out (masked for analysts), state and status by their codes (labels are OneDoor's). */
const inboxRow = (n: Json) => ({
  id: n.id,
  code: n.code,
  submittedAt: n.submittedAt,
  dueAt: n.dueAt,
  state: n.state?.key ?? n.state,
  nationalStatus: n.nationalStatus?.code ?? n.nationalStatus,
  procedure: n.procedure,
  holdingAgency: n.holdingAgency,
  history: n.history ?? n.dossierHistories.nodes,
});

const INBOX_FLOOR_ROW = `json_build_object('id', d.id, 'code', d.code, 'submittedAt', d.submitted_at, 'dueAt', d.due_at, 'state', d.state, 'nationalStatus', d.national_status,
    'procedure', json_build_object('code', p.code, 'name', p.name), 'holdingAgency', json_build_object('code', a.code, 'name', a.name),
    'history', (select coalesce(json_agg(json_build_object('action', h.action, 'actorName', h.actor_name, 'at', h.at, 'note', h.note) order by h.at desc, h.id desc), '[]')
                from (select * from dossier_history x where x.dossier_id = d.id order by x.at desc, x.id desc limit 5) h))`;

const analystInbox: PeerOperation = {
  key: 'analyst-inbox',
  title: 'analyst inbox (50 dossiers × 5 history)',
  caller: 'analyst',
  uncounted: SESSION,
  oneDoor: () => ({ query: `query AnalystInbox { dossiers(first: 50) { edges { node { ${INBOX_FIELDS} } } pageInfo { hasNextPage endCursor } } }` }),
  peer: () => ({ query: `query AnalystInbox { dossiers(orderBy: [SUBMITTED_AT_DESC, ID_DESC], first: 50) { nodes { ${PEER_INBOX_FIELDS} } pageInfo { hasNextPage endCursor } } }` }),
  oneDoorRows: (d) => d.dossiers.edges.map((e: Json) => inboxRow(e.node)),
  peerRows: (d) => d.dossiers.nodes.map(inboxRow),
  floorSql: () => `select json_agg(r order by rn) from (select ${INBOX_FLOOR_ROW} as r, row_number() over (order by d.submitted_at desc, d.id desc) as rn
    from (select * from dossier order by submitted_at desc, id desc limit 51) d join procedure p on p.id = d.procedure_id join agency a on a.id = d.holding_agency_id order by d.submitted_at desc, d.id desc limit 50) x`,
  notes: 'peer: no labels (state, national status), no masking (applicant name masked for analysts, left out of the comparison)',
};

const officerInboxOf = (key: string, title: string, withActions: boolean): PeerOperation => ({
  key,
  title,
  caller: 'officer',
  uncounted: SESSION,
  oneDoor: () => ({ query: `query OfficerInbox { dossiers(first: 50) { edges { node { ${INBOX_FIELDS}${withActions ? ' availableActions { key label }' : ''} } } pageInfo { hasNextPage endCursor } } }` }),
  // The officer's visibility as the peer's client would write it: the agency's rows of dossier_access (kept by OneDoor on write).
  peer: (c) => ({
    query: `query OfficerInbox($agency: String!) { agencyByCode(code: $agency) { dossierAccesses(orderBy: [SUBMITTED_AT_DESC, DOSSIER_ID_DESC], first: 50) { nodes { dossier { ${PEER_INBOX_FIELDS} } } pageInfo { hasNextPage endCursor } } } }`,
    variables: { agency: c.agencyCode },
  }),
  oneDoorRows: (d) => d.dossiers.edges.map((e: Json) => ({ ...inboxRow(e.node), applicant: e.node.applicant.name })),
  peerRows: (d) => d.agencyByCode.dossierAccesses.nodes.map((n: Json) => ({ ...inboxRow(n.dossier), applicant: n.dossier.applicantName })),
  floorSql: (c) => `select json_agg(r order by rn) from (select ${INBOX_FLOOR_ROW.replace(/\)\)$/, '), \'applicant\', d.applicant_name)')} as r, z.rn
    from (select s.dossier_id, row_number() over (order by s.submitted_at desc, s.dossier_id desc) as rn from dossier_access s
          where s.agency_id = (select id from agency where code = ${lit(c.agencyCode)}) order by s.submitted_at desc, s.dossier_id desc limit 50) z
    join dossier d on d.id = z.dossier_id join procedure p on p.id = d.procedure_id join agency a on a.id = d.holding_agency_id) x`,
  notes: withActions
    ? 'peer: no workflow, so no `availableActions` (OneDoor computes them per dossier and caller; not compared), no labels; visibility by the agency’s `dossier_access` rows'
    : 'peer: visibility by the agency’s `dossier_access` rows (OneDoor: its access rule), no labels',
});

// ——— dossier details ———

const detailsRow = (d: Json, peer: boolean) => {
  const x = d.dossier;
  return {
    id: x.id,
    code: x.code,
    state: peer ? x.state : x.state.key,
    applicant: peer
      ? { kind: x.applicantKind, name: x.applicantName, idNumber: x.applicantIdNumber, phone: x.applicantPhone, email: x.applicantEmail, address: x.applicantAddress }
      : x.applicant,
    procedure: x.procedure,
    holdingAgency: x.holdingAgency,
    receivingAgency: x.receivingAgency,
    submittedAt: x.submittedAt,
    receivedAt: x.receivedAt,
    dueAt: x.dueAt,
    history: peer ? x.dossierHistories.nodes : x.history,
    files: peer
      ? x.dossierFiles.nodes.map((f: Json) => ({ id: f.id, name: f.name, componentCode: f.componentCode, sha256: f.fileSha256, size: f.storedFileByFileSha256.size, mediaType: f.storedFileByFileSha256.mediaType, uploadedAt: f.uploadedAt }))
      : x.files,
    payments: peer ? x.paymentOrders.nodes.map((p: Json) => ({ ...p, items: p.items.map((i: Json) => ({ module: i.module, ref: i.ref, amountVnd: i.amountVnd })) })) : x.payments,
    // OneDoor orders stints by start only; two stints starting together come in either order.
    agencyStints: [...(peer ? x.dossierAgencyStints.nodes : x.agencyStints).map((s: Json) => ({ agency: s.agency, startedAt: s.startedAt, endedAt: s.endedAt }))].sort(
      (a, b) => String(a.startedAt).localeCompare(String(b.startedAt)) || a.agency.code.localeCompare(b.agency.code),
    ),
  };
};

const dossierDetails: PeerOperation = {
  key: 'dossier-details',
  title: 'dossier(id): applicant, procedure, agencies, history, files, payments, stints',
  caller: 'officer',
  uncounted: SESSION,
  oneDoor: (c) => ({
    query: `query DossierDetails($id: String!) { dossier(id: $id) { id code state { key label } submittedAt receivedAt dueAt
      applicant { kind name idNumber phone email address } procedure { code name } holdingAgency { code name } receivingAgency { code name }
      history { action actorName at fromState toState note } files { id name componentCode sha256 size mediaType uploadedAt }
      payments { txnRef amountVnd status createdAt paidAt items { module ref amountVnd } } agencyStints { agency { code name } startedAt endedAt workingHours } } }`,
    variables: { id: c.dossierId },
  }),
  peer: (c) => ({
    query: `query DossierDetails($id: UUID!) { dossier(id: $id) { id code state submittedAt receivedAt dueAt
      applicantKind applicantName applicantIdNumber applicantPhone applicantEmail applicantAddress procedure { code name } holdingAgency { code name } receivingAgency { code name }
      dossierHistories(orderBy: [AT_DESC, ID_DESC]) { nodes { action actorName at fromState toState note } }
      dossierFiles(orderBy: [UPLOADED_AT_ASC, ID_ASC]) { nodes { id name componentCode fileSha256 uploadedAt storedFileByFileSha256 { size mediaType } } }
      paymentOrders(orderBy: [CREATED_AT_ASC, ID_ASC]) { nodes { txnRef amountVnd status createdAt paidAt items } }
      dossierAgencyStints(orderBy: [STARTED_AT_ASC]) { nodes { agency { code name } startedAt endedAt } } } }`,
    variables: { id: c.dossierId },
  }),
  oneDoorRows: (d) => detailsRow(d, false),
  peerRows: (d) => detailsRow(d, true),
  floorSql: (c) => `select json_build_object('id', d.id, 'code', d.code, 'state', d.state, 'submittedAt', d.submitted_at, 'receivedAt', d.received_at, 'dueAt', d.due_at,
      'applicant', json_build_object('kind', d.applicant_kind, 'name', d.applicant_name, 'idNumber', d.applicant_id_number, 'phone', d.applicant_phone, 'email', d.applicant_email, 'address', d.applicant_address),
      'procedure', (select json_build_object('code', p.code, 'name', p.name) from procedure p where p.id = d.procedure_id),
      'holdingAgency', (select json_build_object('code', a.code, 'name', a.name) from agency a where a.id = d.holding_agency_id),
      'receivingAgency', (select json_build_object('code', a.code, 'name', a.name) from agency a where a.id = d.receiving_agency_id),
      'history', (select coalesce(json_agg(json_build_object('action', h.action, 'actorName', h.actor_name, 'at', h.at, 'fromState', h.from_state, 'toState', h.to_state, 'note', h.note) order by h.at desc, h.id desc), '[]') from dossier_history h where h.dossier_id = d.id),
      'files', (select coalesce(json_agg(json_build_object('id', f.id, 'name', f.name, 'componentCode', f.component_code, 'sha256', f.file_sha256, 'size', s.size, 'mediaType', s.media_type, 'uploadedAt', f.uploaded_at) order by f.uploaded_at, f.id), '[]')
                from dossier_file f join stored_file s on s.sha256 = f.file_sha256 where f.dossier_id = d.id),
      'payments', (select coalesce(json_agg(json_build_object('txnRef', o.txn_ref, 'amountVnd', o.amount_vnd, 'status', o.status, 'createdAt', o.created_at, 'paidAt', o.paid_at,
                     'items', (select json_agg(json_build_object('module', i ->> 'module', 'ref', i ->> 'ref', 'amountVnd', (i ->> 'amountVnd')::int)) from jsonb_array_elements(o.items) i)) order by o.created_at, o.id), '[]')
                   from payment_order o where o.dossier_id = d.id),
      'agencyStints', (select coalesce(json_agg(json_build_object('agency', json_build_object('code', a.code, 'name', a.name), 'startedAt', s.started_at, 'endedAt', s.ended_at) order by s.started_at, a.code), '[]')
                       from dossier_agency_stint s join agency a on a.id = s.agency_id where s.dossier_id = d.id))
    from dossier d where d.id = ${lit(c.dossierId)}`,
  notes: 'peer: no access rule (OneDoor checks the caller’s agency and records the personal-data read), no state label, no `workingHours` of the stints (OneDoor’s calendar; not compared)',
};

// ——— catalogue, registers, parcels, public tracking ———

const procedureRow = (p: Json, peer: boolean) => ({
  code: p.code,
  name: p.name,
  field: p.field,
  agency: p.agency,
  processingAmount: peer ? p.processingAmount : p.processingTime.amount,
  processingUnit: peer ? p.processingUnit : p.processingTime.unit,
  components: p.components.map((k: Json) => ({ code: k.code, name: k.name, copies: k.copies, required: k.required, formCode: k.formCode ?? null, note: k.note ?? null })),
  fees: p.fees.map((f: Json) => ({ kind: f.kind, name: f.name, amountVnd: f.amountVnd, applicantKinds: f.applicantKinds ?? null, note: f.note ?? null })),
});

const procedures: PeerOperation = {
  key: 'procedures',
  title: 'procedures catalogue page (components, fees)',
  caller: null,
  oneDoor: () => ({
    query: `query Catalogue { procedures(first: 50) { edges { node { code name field agency { code name } processingTime { amount unit label }
      components { code name copies required formCode note } fees { kind name amountVnd applicantKinds note } totalFeeVnd } } pageInfo { hasNextPage } } }`,
  }),
  peer: () => ({
    query: `query Catalogue { procedures(condition: { active: true }, orderBy: [CODE_ASC], first: 50) { nodes { code name field agency { code name } processingAmount processingUnit components fees } pageInfo { hasNextPage } } }`,
  }),
  oneDoorRows: (d) => d.procedures.edges.map((e: Json) => procedureRow(e.node, false)),
  peerRows: (d) => d.procedures.nodes.map((n: Json) => procedureRow(n, true)),
  floorSql: () => `select json_agg(json_build_object('code', p.code, 'name', p.name, 'field', p.field, 'agency', json_build_object('code', a.code, 'name', a.name),
      'processingAmount', p.processing_amount, 'processingUnit', p.processing_unit,
      'components', (select coalesce(json_agg(json_build_object('code', k ->> 'code', 'name', k ->> 'name', 'copies', (k ->> 'copies')::int, 'required', (k ->> 'required')::boolean, 'formCode', k ->> 'formCode', 'note', k ->> 'note') order by n), '[]') from jsonb_array_elements(p.components) with ordinality c(k, n)),
      'fees', (select coalesce(json_agg(json_build_object('kind', f ->> 'kind', 'name', f ->> 'name', 'amountVnd', (f ->> 'amountVnd')::numeric, 'applicantKinds', f -> 'applicantKinds', 'note', f ->> 'note') order by n), '[]') from jsonb_array_elements(p.fees) with ordinality e(f, n))
    ) order by p.code) from (select * from procedure where active order by code limit 50) p join agency a on a.id = p.agency_id`,
  notes: 'peer: no module filter (OneDoor lists only the running modules’ procedures; all are running here), no time label, no `totalFeeVnd` (not compared)',
};

const documentRow = (r: Json, peer: boolean) => {
  const d = r.document;
  const e = peer ? r : r.entry;
  return {
    id: r.id,
    arrivalNumber: e.arrivalNumber,
    arrivalYear: e.arrivalYear,
    status: e.status,
    deliveredAt: e.deliveredAt,
    handlingDueAt: e.handlingDueAt,
    note: e.note,
    document: {
      id: d.id,
      number: d.number,
      notation: d.notation,
      typeCode: d.typeCode,
      subject: d.subject,
      urgency: d.urgency,
      issuedAt: d.issuedAt,
      dueAt: d.dueAt,
      issuer: peer ? d.issuer?.code : d.issuerCode,
    },
  };
};

const incomingDocuments: PeerOperation = {
  key: 'incoming-documents',
  title: 'incoming-documents register page (sổ văn bản đến, 50)',
  caller: 'officer',
  uncounted: SESSION,
  oneDoor: (c) => ({
    query: `query Incoming($agency: String!) { incomingDocuments(agencyCode: $agency, first: 50) { edges { node { id entry { arrivalNumber arrivalYear status deliveredAt handlingDueAt note }
      document { id number notation numberAndSymbol typeCode typeName subject urgency issuedAt dueAt issuerCode issuerName } } } pageInfo { hasNextPage endCursor } } }`,
    variables: { agency: c.agencyCode },
  }),
  peer: (c) => ({
    query: `query Incoming($agency: String!) { agencyByCode(code: $agency) { documentRecipients(orderBy: [DELIVERED_AT_DESC, ID_DESC], first: 50) { nodes { id arrivalNumber arrivalYear status deliveredAt handlingDueAt note
      document { id number notation typeCode subject urgency issuedAt dueAt issuer { code name } } } pageInfo { hasNextPage endCursor } } } }`,
    variables: { agency: c.agencyCode },
  }),
  oneDoorRows: (d) => d.incomingDocuments.edges.map((e: Json) => documentRow(e.node, false)),
  peerRows: (d) => d.agencyByCode.documentRecipients.nodes.map((n: Json) => documentRow(n, true)),
  floorSql: (c) => `select json_agg(json_build_object('id', r.id, 'arrivalNumber', r.arrival_number, 'arrivalYear', r.arrival_year, 'status', r.status, 'deliveredAt', r.delivered_at,
      'handlingDueAt', r.handling_due_at, 'note', r.note, 'document', json_build_object('id', d.id, 'number', d.number, 'notation', d.notation, 'typeCode', d.type_code,
      'subject', d.subject, 'urgency', d.urgency, 'issuedAt', d.issued_at, 'dueAt', d.due_at, 'issuer', (select code from agency where id = d.issuer_id))) order by r.delivered_at desc, r.id desc)
    from (select * from document_recipient where agency_id = (select id from agency where code = ${lit(c.agencyCode)}) and delivered_at is not null order by delivered_at desc, id desc limit 50) r
    join official_document d on d.id = r.document_id`,
  notes: 'peer: no register rule (officers of the agency only), no secrecy masking (no secret documents seeded), no `delivered_at is not null` (all seeded rows are delivered), no type name or number-and-symbol',
};

const parcelRow = (p: Json) => ({ id: p.id, communeCode: p.communeCode, mapSheet: p.mapSheet, parcelNumber: p.parcelNumber, areaM2: p.areaM2, purposeCode: p.purposeCode, useUntil: p.useUntil, address: p.address });

const landParcels: PeerOperation = {
  key: 'land-parcels',
  title: 'landParcels page of a commune (50, map order)',
  caller: null,
  oneDoor: (c) => ({
    query: `query Parcels($commune: String!) { landParcels(filter: { communeCode: $commune }, first: 50) { edges { node { id communeCode mapSheet parcelNumber areaM2 purposeCode purposeName useUntil useTerm address } } pageInfo { hasNextPage endCursor } } }`,
    variables: { commune: c.communeCode },
  }),
  peer: (c) => ({
    query: `query Parcels($commune: String!) { landParcels(condition: { communeCode: $commune }, orderBy: [MAP_SHEET_ASC, PARCEL_NUMBER_ASC], first: 50) { nodes { id communeCode mapSheet parcelNumber areaM2 purposeCode useUntil address } pageInfo { hasNextPage endCursor } } }`,
    variables: { commune: c.communeCode },
  }),
  oneDoorRows: (d) => d.landParcels.edges.map((e: Json) => parcelRow(e.node)),
  peerRows: (d) => d.landParcels.nodes.map(parcelRow),
  floorSql: (c) => `select json_agg(json_build_object('id', p.id, 'communeCode', p.commune_code, 'mapSheet', p.map_sheet, 'parcelNumber', p.parcel_number, 'areaM2', p.area_m2,
      'purposeCode', p.purpose_code, 'useUntil', p.use_until, 'address', p.address) order by p.map_sheet, p.parcel_number)
    from (select * from land_parcel where commune_code = ${lit(c.communeCode)} order by map_sheet, parcel_number limit 50) p`,
  notes: 'peer: no purpose name or use-term label (OneDoor’s land rules; not compared)',
};

const trackRow = (t: Json, peer: boolean) =>
  t && {
    code: t.code,
    status: peer ? t.nationalStatus : t.status.code,
    receivedAt: t.receivedAt,
    dueAt: t.dueAt,
    holdingAgencyName: peer ? t.holdingAgency.name : t.holdingAgencyName,
  };

const trackDossier: PeerOperation = {
  key: 'track-dossier',
  title: 'trackDossier (public lookup by code and identity number)',
  caller: null,
  uncounted: '+1 rate-limit upsert',
  oneDoor: (c) => ({
    query: `query Track($code: String!, $idNumber: String!) { trackDossier(code: $code, applicantIdNumber: $idNumber) { code status { code name } receivedAt dueAt holdingAgencyName } }`,
    variables: { code: c.dossierCode, idNumber: c.applicantIdNumber },
  }),
  peer: (c) => ({
    query: `query Track($code: String!, $idNumber: String!) { dossiers(condition: { code: $code, applicantIdNumber: $idNumber }, first: 1) { nodes { code nationalStatus receivedAt dueAt holdingAgency { name } } } }`,
    variables: { code: c.dossierCode, idNumber: c.applicantIdNumber },
  }),
  oneDoorRows: (d) => trackRow(d.trackDossier, false),
  peerRows: (d) => trackRow(d.dossiers.nodes[0] ?? null, true),
  floorSql: (c) => `select json_build_object('code', d.code, 'status', d.national_status, 'receivedAt', d.received_at, 'dueAt', d.due_at, 'holdingAgencyName', a.name)
    from dossier d join agency a on a.id = d.holding_agency_id where d.code = ${lit(c.dossierCode)} and d.applicant_id_number = ${lit(c.applicantIdNumber)}`,
  notes:
    'peer: no rate limit (OneDoor counts every lookup per client address in PostgreSQL, one upsert each; its limit is raised for the bench only, RATE_LIMIT_LOOKUPS_PER_IP, and since every bench request comes from 127.0.0.1 all of them update the same row and wait on its lock), no status name',
};

/** The whole suite, in the order it runs. */
export const PEER_SUITE: readonly PeerOperation[] = [
  analystInbox,
  officerInboxOf('officer-inbox', 'officer inbox (50 dossiers × 5 history)', false),
  officerInboxOf('officer-inbox-actions', 'officer inbox + availableActions { key label }', true),
  dossierDetails,
  procedures,
  incomingDocuments,
  landParcels,
  trackDossier,
];
