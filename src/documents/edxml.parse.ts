/**
 * Import of an edXML package: safe parsing, reading by element name, strict checks (the profile
 * and its sources: `edxml.types.ts`).
 * @module
 */
import { createHash } from 'node:crypto';
import { XMLParser, XMLValidator, type EntityDecoderOptions } from 'fast-xml-parser';
import { DOCUMENT_TYPES } from './document.types';
import { BUSINESS_NEW, BUSINESS_REPLACE, EdxmlAttachment, EdxmlDocument, EdxmlError, EdxmlOrganization, MAX_PACKAGE_BYTES, PRIORITY_CODES, Problem, Replaces, SECRECY_CODES, Secrecy, TOO_LARGE, toEdxmlDate, Urgency } from './edxml.types';
import { isBlank, isCalendarDate, isIsoDateTime, shorten, validateDocument } from './edxml.validate';

type XmlObject = { [name: string]: unknown };

const URGENCY_BY_CODE = new Map(Object.entries(PRIORITY_CODES).map(([k, v]) => [v, k as Urgency]));
const SECRECY_BY_CODE = new Map(Object.entries(SECRECY_CODES).map(([k, v]) => [v, k as Secrecy]));
const EDXML_DATE = /^([1-9]\d{3})\/(\d{2})\/(\d{2})$/;
const PREDEFINED_ENTITIES = new Map([['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"]]);
const ENTITY_REFERENCE = /&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_:][\w.:-]*);/g;

/**
 * Parses and strictly validates an edXML package produced under this profile.
 *
 * @throws EdxmlError listing every problem found: input not XML, too large, or with a DOCTYPE;
 * wrong root; missing or duplicated elements; invalid values; inconsistent dates; attachments whose
 * base64 or SHA-256 is wrong.
 */
export function importEdxml(xml: string): EdxmlDocument {
  const root = parseRoot(xml);
  const reader = new ElementReader();
  const doc = readPackage(reader, root);
  const problems = [...reader.problems, ...notCoveredBy(validateDocument(doc), reader.problems)];
  if (problems.length > 0) throw new EdxmlError(problems);
  return doc;
}

/** Decodes only the five predefined XML entities and character references; never DTD entities. */
class StrictEntityDecoder implements EntityDecoderOptions {
  readonly problems: string[] = [];

  setExternalEntities(): void {}

  addInputEntities(entities: Record<string, string>): void {
    if (Object.keys(entities).length > 0) throw new Error('DTD entity declarations are not allowed');
  }

  reset(): void {
    this.problems.length = 0;
  }

  setXmlVersion(): void {}

  decode(text: string): string {
    return text.includes('&') ? text.replace(ENTITY_REFERENCE, (ref, body: string) => this.resolve(ref, body)) : text;
  }

  private resolve(ref: string, body: string): string {
    if (body.startsWith('#')) {
      const codePoint = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (isXmlChar(codePoint)) return String.fromCodePoint(codePoint);
      this.problems.push(`Character reference ${ref} is not an allowed XML character`);
      return ref;
    }
    const value = PREDEFINED_ENTITIES.get(body);
    if (value !== undefined) return value;
    this.problems.push(`Undefined entity ${ref}`);
    return ref;
  }
}

function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

const inputProblem = (message: string) => new EdxmlError([{ field: 'xml', message }]);

/** Checks the raw input, parses it safely, and returns the `edXML` root element. */
function parseRoot(xml: string): XmlObject {
  if (typeof xml !== 'string') throw inputProblem('Input must be a string');
  if (Buffer.byteLength(xml, 'utf8') > MAX_PACKAGE_BYTES) throw inputProblem(TOO_LARGE);
  const text = xml.startsWith('\uFEFF') ? xml.slice(1) : xml;
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw inputProblem('DOCTYPE and entity declarations are not allowed');
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    const { msg, line, col } = validation.err;
    throw inputProblem(`Not well-formed XML: ${msg} (line ${line}, column ${col})`);
  }
  return selectRoot(parseXml(text));
}

function parseXml(text: string): XmlObject {
  const decoder = new StrictEntityDecoder();
  const parser = new XMLParser({
    ignoreAttributes: true,
    removeNSPrefix: true,
    parseTagValue: false,
    trimValues: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    processEntities: true,
    entityDecoder: decoder,
  });
  let parsed: XmlObject;
  try {
    parsed = parser.parse(text) as XmlObject;
  } catch (e) {
    throw inputProblem(`Not well-formed XML: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (decoder.problems.length > 0) {
    throw new EdxmlError([...new Set(decoder.problems)].map((message) => ({ field: 'xml', message })));
  }
  return parsed;
}

function selectRoot(parsed: XmlObject): XmlObject {
  const names = Object.keys(parsed).filter((name) => name !== '#text');
  const count = names.reduce((n, name) => n + (Array.isArray(parsed[name]) ? (parsed[name] as unknown[]).length : 1), 0);
  if (count !== 1) throw new EdxmlError([{ field: 'root', message: `Expected exactly one root element, found ${count}` }]);
  if (names[0] !== 'edXML') throw new EdxmlError([{ field: 'root', message: `Root element must be <edXML>, found <${names[0]}>` }]);
  const root = parsed.edXML;
  return isXmlObject(root) ? root : {};
}

const isXmlObject = (value: unknown): value is XmlObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const own = (parent: XmlObject, name: string): unknown => (Object.prototype.hasOwnProperty.call(parent, name) ? parent[name] : undefined);

/**
 * Reads elements by local name and records structural problems (missing, repeated, wrong kind).
 * A missing parent (`undefined`) yields `undefined` silently: its absence is already reported.
 */
class ElementReader {
  readonly problems: Problem[] = [];

  add(field: string, message: string): void {
    this.problems.push({ field, message });
  }

  element(parent: XmlObject | undefined, name: string, field: string, required: boolean): XmlObject | undefined {
    const value = parent && own(parent, name);
    if (value === undefined) return this.absent(parent, name, field, required);
    if (Array.isArray(value)) return this.repeated(name, field);
    return this.asElement(value, name, field);
  }

  text(parent: XmlObject | undefined, name: string, field: string, required: boolean): string | undefined {
    const value = parent && own(parent, name);
    if (value === undefined) return this.absent(parent, name, field, required);
    if (Array.isArray(value)) return this.repeated(name, field);
    if (typeof value === 'string') return value;
    this.add(field, `<${name}> must contain text only`);
    return undefined;
  }

  /** Every occurrence of a repeatable element, as element objects (`undefined` for text ones). */
  list(parent: XmlObject | undefined, name: string, field: (index: number) => string): (XmlObject | undefined)[] {
    const value = parent && own(parent, name);
    const items = value === undefined ? [] : Array.isArray(value) ? value : [value];
    return items.map((item, i) => this.asElement(item, name, field(i)));
  }

  private asElement(value: unknown, name: string, field: string): XmlObject | undefined {
    if (isXmlObject(value)) return value;
    if (typeof value === 'string' && isBlank(value)) return {};
    this.add(field, `<${name}> must contain elements, not text`);
    return undefined;
  }

  private absent(parent: XmlObject | undefined, name: string, field: string, required: boolean): undefined {
    if (parent && required) this.add(field, `Missing required element <${name}>`);
    return undefined;
  }

  private repeated(name: string, field: string): undefined {
    this.add(field, `<${name}> must appear only once`);
    return undefined;
  }
}

/** Semantic problems not already explained by a structural problem on the same or a parent path. */
function notCoveredBy(problems: Problem[], structural: Problem[]): Problem[] {
  const covered = (field: string) =>
    structural.some((p) => field === p.field || field.startsWith(`${p.field}.`) || field.startsWith(`${p.field}[`));
  return problems.filter((p) => !covered(p.field));
}

/** Parses a decimal integer; anything else (signs, fractions, blanks) gives NaN. */
const toInteger = (text: string | undefined) => (text !== undefined && /^\d{1,16}$/.test(text) ? Number(text) : NaN);

function readPackage(r: ElementReader, root: XmlObject): EdxmlDocument {
  const envelope = r.element(root, 'edXMLEnvelope', 'header', true);
  const edxmlHeader = r.element(envelope, 'edXMLHeader', 'header', true);
  const message = r.element(edxmlHeader, 'MessageHeader', 'header', true);
  // OneDoor's extension is optional: a plain QCVN 102 package from another system imports too.
  const ext = r.element(root, 'OneDoorExtension', 'extension', false);
  const code = r.element(message, 'Code', 'header.code', true);
  const promulgation = r.element(message, 'PromulgationInfo', 'header.promulgationInfo', true);
  const documentType = r.element(message, 'DocumentType', 'header.documentType', true);
  const signer = r.element(message, 'SignerInfo', 'header.signerInfo', true);
  const otherInfo = r.element(message, 'OtherInfo', 'header.otherInfo', true);

  const promulgationDate = r.text(promulgation, 'PromulgationDate', 'header.promulgationInfo.date', true);
  const issuedAt = ext ? (r.text(ext, 'IssuedAt', 'extension.issuedAt', true) ?? '') : fromEdxmlDate(promulgationDate, '00:00');
  checkStandardDate(r, promulgationDate, issuedAt, 'header.promulgationInfo.date');
  const replaces = ext ? readReplaces(r, ext) : null;
  checkBusinessDocType(r, edxmlHeader, replaces);
  const typeName = r.text(documentType, 'TypeName', 'header.documentType.typeName', true) ?? '';

  return {
    from: readOrganization(r, r.element(message, 'From', 'header.from', true), 'header.from'),
    to: readRecipients(r, message),
    number: toInteger(r.text(code, 'CodeNumber', 'header.code.number', true)),
    notation: r.text(code, 'CodeNotation', 'header.code.notation', true) ?? '',
    typeCode: ext ? (r.text(ext, 'DocumentTypeCode', 'extension.documentTypeCode', true) ?? '') : typeCodeOf(r, typeName),
    typeName,
    issuedAt,
    place: r.text(promulgation, 'Place', 'header.promulgationInfo.place', true) ?? '',
    subject: r.text(message, 'Subject', 'header.subject', true) ?? '',
    language: ext ? (r.text(ext, 'Language', 'extension.language', true) ?? '') : 'vi',
    pageCount: toInteger(r.text(otherInfo, 'PageAmount', 'header.otherInfo.pageAmount', true)),
    signer: {
      position: r.text(signer, 'Position', 'header.signerInfo.position', true) ?? '',
      fullName: r.text(signer, 'FullName', 'header.signerInfo.fullName', true) ?? '',
    },
    urgency: readUrgency(r, otherInfo),
    secrecy: ext ? readSecrecy(r, ext) : 'NONE',
    dueAt: ext ? readDueAt(r, message, ext) : plainDueAt(r, message),
    documentId: r.text(message, 'DocumentId', 'header.documentId', true) ?? '',
    replaces,
    attachments: readAttachments(r, root, envelope),
  };
}

/** `yyyy/MM/dd` and a local time to an ISO date-time in Vietnam's offset; '' when the date is malformed (reported elsewhere). */
function fromEdxmlDate(date: string | undefined, time: string): string {
  const m = date === undefined ? null : EDXML_DATE.exec(date);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${time}:00+07:00` : '';
}

/** Without the extension, the kind comes from its Vietnamese name (`Quyết định` → `QĐ`). */
function typeCodeOf(r: ElementReader, typeName: string): string {
  const wanted = typeName.normalize('NFC').trim().toLowerCase();
  const code = Object.entries(DOCUMENT_TYPES).find(([, name]) => name.toLowerCase() === wanted)?.[0];
  if (!code && typeName) r.add('header.documentType.typeName', `Unknown document kind ${shorten(typeName)}`);
  // The problem is reported once, on the element that carries it.
  return code ?? typeName;
}

/** A plain package's DueDate (a date) means the end of that working day (17:00 in Vietnam). */
function plainDueAt(r: ElementReader, message: XmlObject | undefined): string | null {
  const dueDate = r.text(message, 'DueDate', 'header.dueDate', false);
  if (dueDate === undefined) return null;
  const iso = fromEdxmlDate(dueDate, '17:00');
  if (!iso) r.add('header.dueDate', `Must be a date in yyyy/MM/dd form, found ${shorten(dueDate)}`);
  return iso || null;
}

function readOrganization(r: ElementReader, element: XmlObject | undefined, field: string): EdxmlOrganization {
  return {
    code: r.text(element, 'OrganId', `${field}.organId`, true) ?? '',
    name: r.text(element, 'OrganName', `${field}.organName`, true) ?? '',
  };
}

function readRecipients(r: ElementReader, message: XmlObject | undefined): EdxmlOrganization[] {
  const elements = r.list(message, 'To', (i) => `header.to[${i}]`);
  if (message && elements.length === 0) r.add('header.to', 'At least one recipient <To> is required');
  return elements.map((element, i) => readOrganization(r, element, `header.to[${i}]`));
}

function readUrgency(r: ElementReader, otherInfo: XmlObject | undefined): Urgency {
  const field = 'header.otherInfo.priority';
  const code = r.text(otherInfo, 'Priority', field, true);
  const urgency = code === undefined ? undefined : URGENCY_BY_CODE.get(code);
  if (code !== undefined && urgency === undefined) {
    r.add(field, code === '4' ? 'Priority 4 (hỏa tốc hẹn giờ) is not supported' : `Unknown priority code ${shorten(code)}, expected 0–3`);
  }
  return urgency ?? ('' as Urgency);
}

function readSecrecy(r: ElementReader, ext: XmlObject | undefined): Secrecy {
  const field = 'extension.secrecy';
  const code = r.text(ext, 'Secrecy', field, true);
  const secrecy = code === undefined ? undefined : SECRECY_BY_CODE.get(code);
  if (code !== undefined && secrecy === undefined) r.add(field, `Unknown secrecy code ${shorten(code)}, expected 0–3`);
  return secrecy ?? ('' as Secrecy);
}

/** DueDate (standard, date only) and od:DueAt (exact instant) must be both present or both absent. */
function readDueAt(r: ElementReader, message: XmlObject | undefined, ext: XmlObject | undefined): string | null {
  const dueAt = r.text(ext, 'DueAt', 'extension.dueAt', false);
  const dueDate = r.text(message, 'DueDate', 'header.dueDate', false);
  if (message && ext && (dueAt === undefined) !== (dueDate === undefined)) {
    r.add(dueAt === undefined ? 'extension.dueAt' : 'header.dueDate', '<DueDate> and <od:DueAt> must be present together');
  } else if (dueAt !== undefined) {
    checkStandardDate(r, dueDate, dueAt, 'header.dueDate');
  }
  return dueAt ?? null;
}

/** A standard `yyyy/MM/dd` date must be valid and agree with the exact ISO date-time it summarises. */
function checkStandardDate(r: ElementReader, date: string | undefined, isoDateTime: string, field: string): void {
  if (date === undefined) return;
  const match = EDXML_DATE.exec(date);
  if (!match || !isCalendarDate(+match[1], +match[2], +match[3])) {
    r.add(field, `Must be a date in yyyy/MM/dd form, found ${shorten(date)}`);
  } else if (isIsoDateTime(isoDateTime) && date !== toEdxmlDate(isoDateTime)) {
    r.add(field, `Must equal the date of ${isoDateTime} (${toEdxmlDate(isoDateTime)}), found ${shorten(date)}`);
  }
}

function readReplaces(r: ElementReader, ext: XmlObject | undefined): Replaces | null {
  const element = r.element(ext, 'Replaces', 'extension.replaces', false);
  if (!element) return null;
  return {
    number: toInteger(r.text(element, 'Number', 'extension.replaces.number', true)),
    notation: r.text(element, 'Notation', 'extension.replaces.notation', true) ?? '',
    year: toInteger(r.text(element, 'Year', 'extension.replaces.year', true)),
  };
}

/** When present, BussinessDocType must be 0 (new) or 3 (replacement) and agree with od:Replaces. */
function checkBusinessDocType(r: ElementReader, edxmlHeader: XmlObject | undefined, replaces: Replaces | null): void {
  const field = 'header.business.docType';
  const trace = r.element(edxmlHeader, 'TraceHeaderList', 'header.business', false);
  const business = r.element(trace, 'Bussiness', 'header.business', false) ?? r.element(trace, 'Business', 'header.business', false);
  const docType = r.text(business, 'BussinessDocType', field, false) ?? r.text(business, 'BusinessDocType', field, false);
  if (docType === undefined) return;
  if (docType !== BUSINESS_NEW && docType !== BUSINESS_REPLACE) {
    r.add(field, `BussinessDocType ${shorten(docType)} is not supported (0 = new, 3 = replacement)`);
  } else if ((docType === BUSINESS_REPLACE) !== (replaces !== null)) {
    r.add(field, replaces ? '<od:Replaces> requires BussinessDocType 3 (replacement)' : 'BussinessDocType 3 (replacement) requires <od:Replaces>');
  }
}

function readAttachments(r: ElementReader, root: XmlObject, envelope: XmlObject | undefined): EdxmlAttachment[] {
  const encoded = r.element(root, 'AttachmentEncoded', 'attachments', false);
  const elements = r.list(encoded, 'Attachment', (i) => `attachments[${i}]`);
  const read = elements.map((element, i) => readAttachment(r, element, `attachments[${i}]`));
  checkManifest(r, envelope, read.map((a) => a.contentId));
  return read.map((a) => a.attachment);
}

function readAttachment(r: ElementReader, element: XmlObject | undefined, field: string) {
  const base64 = r.text(element, 'ContentTransferEncoded', `${field}.contentBase64`, true);
  const attachment: EdxmlAttachment = {
    name: r.text(element, 'AttachmentName', `${field}.name`, true) ?? '',
    mediaType: r.text(element, 'ContentType', `${field}.mediaType`, true) ?? '',
    sha256: r.text(element, 'Sha256', `${field}.sha256`, false) ?? '',
    // Producers may wrap base64 over several lines.
    contentBase64: base64 === undefined ? '' : base64.replace(/\s+/g, ''),
  };
  // Packages from other systems carry no hash: compute it (ours are checked against theirs).
  if (!attachment.sha256 && attachment.contentBase64) attachment.sha256 = createHash('sha256').update(Buffer.from(attachment.contentBase64, 'base64')).digest('hex');
  return { contentId: r.text(element, 'ContentId', `${field}.contentId`, true), attachment };
}

const withoutCid = (id: string) => id.trim().replace(/^cid:/i, '');

/** Every encoded attachment must be listed in edXMLManifest, and every listed one must be present. */
function checkManifest(r: ElementReader, envelope: XmlObject | undefined, contentIds: (string | undefined)[]): void {
  const body = r.element(envelope, 'edXMLBody', 'manifest', false);
  const manifest = r.element(body, 'edXMLManifest', 'manifest', false);
  if (!manifest) {
    if (envelope && contentIds.length > 0) r.add('manifest', 'Missing <edXMLManifest> listing the attachments');
    return;
  }
  const references = r.list(manifest, 'Reference', (j) => `manifest.reference[${j}]`);
  const listed = references.map((ref, j) => r.text(ref, 'ContentId', `manifest.reference[${j}]`, true));
  const idSet = (ids: (string | undefined)[]) => new Set(ids.flatMap((id) => (id === undefined ? [] : [withoutCid(id)])));
  const listedIds = idSet(listed);
  const encodedIds = idSet(contentIds);
  contentIds.forEach((id, i) => {
    if (id === undefined || listedIds.has(withoutCid(id))) return;
    r.add(`attachments[${i}].contentId`, `Attachment ${shorten(id)} is not listed in <edXMLManifest>`);
  });
  listed.forEach((id, j) => {
    if (id === undefined || encodedIds.has(withoutCid(id))) return;
    r.add(`manifest.reference[${j}]`, `Listed attachment ${shorten(id)} is not in <AttachmentEncoded>`);
  });
}
