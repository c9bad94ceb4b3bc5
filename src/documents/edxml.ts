/**
 * edXML-style export and import of an official-document package (gói tin văn bản điện tử).
 *
 * ## What this follows
 *
 * QCVN 102:2016/BTTTT, "Quy chuẩn kỹ thuật quốc gia về cấu trúc mã định danh và định dạng dữ liệu
 * gói tin phục vụ kết nối các hệ thống quản lý văn bản và điều hành", issued with Circular
 * 10/2016/TT-BTTTT (2016-04-01) and amended by Circular 01/2022/TT-BTTTT (Sửa đổi 1:2022, on the
 * structure of identifiers). Only the circulars' preambles were publicly reachable, not the
 * element tables of the standard. So the element names below come from public open-source
 * implementations, cross-checked against one another:
 *
 * - [A] GitHub `QuangChuIT/edoc-integrator` (Java, Bkav eDoc): `resource/EdXmlConstant.java`,
 *   `xml/ed/header/{MessageHeader,OtherInfo,DocumentType}.java`, `xml/base/header/ResponseFor.java`,
 *   `xml/base/attachment/Attachment.java`, `xml/base/builder/BaseXmlBuilder.java`,
 *   `mineutil/XmlUtil.java`, `commonutil/Checker.java`, `database/entity/EdocTraceHeaderList.java`.
 * - [B] A Java gateway (package `com.vpcp.gateway`: `ManualEdxmlBuilder`, `EdxmlParser`). The
 *   search index showed its code but not its repository name.
 * - [C] A TypeScript edXML builder whose comments cite the official .NET SDK sample
 *   `edoc_new.edxml` (repository name not shown).
 * - [D] A React form that posts edXML fields, with option labels for Priority and SteeringType
 *   (repository name not shown).
 *
 * ## Names confirmed (source)
 *
 * - Namespace `http://www.mic.gov.vn/TBT/QCVN_102_2016`, root `edXML`, prefix `edXML` [A, B, C].
 * - `edXMLEnvelope` > `edXMLHeader` > `MessageHeader` and `TraceHeaderList` [A, B, C];
 *   `edXMLEnvelope` > `edXMLBody` > `edXMLManifest version="1.0"` > `Reference` with `ContentId`,
 *   `ContentType`, `AttachmentName` [B, C] ([A] names the manifest `Manifest`).
 * - `AttachmentEncoded` > `Attachment` (`ContentId`, `AttachmentName`, `ContentType`, `Description`,
 *   `ContentTransferEncoded` in base64), a sibling of the envelope under the root [A, B, C].
 * - In `MessageHeader` (union of what [A, B, C] write): `From` and `To` (`OrganId`, `OrganName`, …),
 *   `DocumentId`, `Code` (`CodeNumber` = số, `CodeNotation` = ký hiệu), `PromulgationInfo`
 *   (`Place` = địa danh, `PromulgationDate`),
 *   `DocumentType` (`Type`, `TypeDetail`, `TypeName`), `Subject` = trích yếu, `Content`, `SignerInfo`
 *   (`Competence`, `Position`, `FullName`), `DueDate` = hạn xử lý, `ToPlaces`, `OtherInfo`
 *   (`Priority` = độ khẩn, `SphereOfPromulgation`, `TyperNotation`, `PromulgationAmount`,
 *   `PageAmount`, `Appendixes`), `ResponseFor` (`OrganId`, `Code`, `PromulgationDate`,
 *   `DocumentId`), `SteeringType`.
 * - `Priority` takes the codes 0–4 [A: `Checker.checkPriority`]. The labels come from [D]:
 *   0 Thường, 1 Khẩn, 2 Thượng khẩn, 3 Hỏa tốc, 4 Hỏa tốc hẹn giờ.
 * - `TraceHeaderList` > `TraceHeader` (`OrganId`, `Timestamp`) and `Bussiness` > `BussinessDocType`
 *   [B, C]; [D] uses the same spelling in its field names. [A] writes `Business` / `BusinessDocType`;
 *   the importer accepts both. `BussinessDocType` 0 is a new document [C, D]. 3 is a replacement
 *   (thay thế): REPLACE is the fourth value in both orderings of the BusinessDocType enum found in
 *   Bkav eDoc code ([A]), which otherwise disagree about 0 (NEW or REVOKE) and 1.
 *
 * ## Own assumptions and profile choices (not confirmed)
 *
 * - Only fields this model carries are written. The importer ignores the optional
 *   standard elements it does not use (`Content`, `ToPlaces`, `SteeringType`, `ResponseFor`,
 *   `TraceHeader`, `DocumentType/Type`…). `TraceHeader` (sender/time trace) is left to the exchange
 *   gateway (trục liên thông).
 * - `DocumentType/Type` is not written: [A] accepts only 1 or 2 there and [C] writes 18, with no
 *   public meaning, and this model has no such classification.
 * - Dates in standard elements use `yyyy/MM/dd`, as in [B, C]. [A]'s checker expects `dd/MM/yyyy`,
 *   so the sources conflict. The written value is the local date of the ISO value, as written.
 * - Data the standard has no place for goes into extension elements in the namespace
 *   `urn:onedoor:edxml-extension:1` (prefix `od`): the `od:OneDoorExtension` block under the root
 *   (`Language`, `DocumentTypeCode`, `IssuedAt` and `DueAt` as full ISO 8601 date-times, `Secrecy`,
 *   `Replaces`) and `od:Sha256` inside each `Attachment`. The standard dates must agree with
 *   `IssuedAt` and `DueAt`.
 * - Secrecy (độ mật): no element was found in public sources. `od:Secrecy` uses
 *   0 = NONE, 1 = MAT (Mật), 2 = TOI_MAT (Tối mật), 3 = TUYET_MAT (Tuyệt mật).
 * - Priority 4 (hỏa tốc hẹn giờ) has no value in this model, so the importer reports it as a
 *   problem and does not downgrade it.
 * - The replaced document (`od:Replaces`: `Number`, `Notation`, `Year`) has no public equivalent.
 *   QCVN's `ReplacementInfo` refers to a DocumentId instead. The importer requires
 *   `BussinessDocType` 3 and `Replaces` together. An absent `replaces` imports as `null`.
 * - Organ codes follow `ddd.dd.dd.Xdd` (for example 000.00.00.H37), the rule given for this project.
 *   [C] and [D] use other shapes (`H37.DN.001`, `CS:GOV:…`). `DocumentId` must be a UUID here; [C]
 *   builds it as `{OrganId},{yyyy/MM/dd},{number}/{notation}`.
 * - Elements are matched by local name, ignoring namespace URIs, as [A] and [B] do. A package must
 *   follow this profile, including the extension, to import.
 * - Security: any DOCTYPE is rejected, and only the five predefined entities and character
 *   references are decoded, with no DTD entity expansion. Input is capped at 30 MiB (UTF-8 bytes).
 *   Carriage returns and other control characters are refused in text, because XML parsers
 *   normalise or forbid them, so they cannot round-trip.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { XMLParser, XMLValidator, type EntityDecoderOptions } from 'fast-xml-parser';
import { DOCUMENT_TYPES } from './document.types';

/** An agency (cơ quan) identified by its electronic organ code, e.g. `000.00.00.H37`. */
export interface EdxmlOrganization {
  /** Electronic organ code (mã định danh), `ddd.dd.dd.Xdd`. */
  code: string;
  /** Agency name. */
  name: string;
}

/** A file carried inline (base64) in the package. */
export interface EdxmlAttachment {
  /** File name (AttachmentName). */
  name: string;
  /** Media type (ContentType), e.g. `application/pdf`. */
  mediaType: string;
  /** Lower- or upper-case hexadecimal SHA-256 of the decoded content (64 characters). */
  sha256: string;
  /** Canonical base64 of the content, without whitespace. */
  contentBase64: string;
}

/** An official document (văn bản) with its envelope data, as exchanged between agencies. */
export interface EdxmlDocument {
  /** Issuing body (cơ quan ban hành). */
  from: EdxmlOrganization;
  /** Recipients (nơi nhận), at least one. */
  to: EdxmlOrganization[];
  /** Số, a positive integer. */
  number: number;
  /** Ký hiệu, e.g. `QĐ-UBND`. */
  notation: string;
  /** Document kind abbreviation, e.g. `QĐ`, `CV`, `TB`. */
  typeCode: string;
  /** Document kind name, e.g. `Quyết định`. */
  typeName: string;
  /** Issue instant, ISO 8601 date-time with offset. */
  issuedAt: string;
  /** Địa danh, e.g. `Lâm Đồng`. */
  place: string;
  /** Trích yếu, 1 to 500 characters. */
  subject: string;
  /** Language tag, e.g. `vi`. */
  language: string;
  /** Number of pages, at least 1. */
  pageCount: number;
  /** Signer (người ký). */
  signer: { position: string; fullName: string };
  /** Độ khẩn: thường, khẩn, thượng khẩn, hỏa tốc. */
  urgency: 'NORMAL' | 'KHAN' | 'THUONG_KHAN' | 'HOA_TOC';
  /** Độ mật: none, mật, tối mật, tuyệt mật. */
  secrecy: 'NONE' | 'MAT' | 'TOI_MAT' | 'TUYET_MAT';
  /** Hạn xử lý, ISO 8601 date-time with offset, or null. */
  dueAt: string | null;
  /** Sender's id of the document (UUID). */
  documentId: string;
  /** The earlier document this one replaces (thay thế); imported as `null` when absent. */
  replaces?: { number: number; notation: string; year: number } | null;
  /** Files, inline. */
  attachments: EdxmlAttachment[];
}

/**
 * Thrown by {@link exportEdxml} and {@link importEdxml} with every problem found. `field` is a path
 * in package terms, e.g. `header.code.number`, `header.to[1].organId`, `extension.issuedAt`,
 * `attachments[0].sha256`, or `xml` / `root` for the input as a whole.
 */
export class EdxmlError extends Error {
  constructor(public readonly problems: { field: string; message: string }[]) {
    super(`Invalid edXML package: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
    this.name = 'EdxmlError';
  }
}

type Problem = { field: string; message: string };
type Urgency = EdxmlDocument['urgency'];
type Secrecy = EdxmlDocument['secrecy'];
type Replaces = NonNullable<EdxmlDocument['replaces']>;
type XmlObject = { [name: string]: unknown };

/** QCVN 102:2016 namespace as used by public implementations. */
const EDXML_NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
/** This project's extension namespace (not part of QCVN 102). */
const EXT_NS = 'urn:onedoor:edxml-extension:1';
const MAX_PACKAGE_BYTES = 30 * 1024 * 1024;
const TOO_LARGE = `Package exceeds the 30 MiB limit (${MAX_PACKAGE_BYTES} bytes of UTF-8)`;
const SUBJECT_MAX_CHARS = 500;

/** OtherInfo/Priority codes (độ khẩn); 4 = hỏa tốc hẹn giờ is not representable here. */
const PRIORITY_CODES: Record<Urgency, string> = { NORMAL: '0', KHAN: '1', THUONG_KHAN: '2', HOA_TOC: '3' };
/** od:Secrecy codes (độ mật), own mapping. */
const SECRECY_CODES: Record<Secrecy, string> = { NONE: '0', MAT: '1', TOI_MAT: '2', TUYET_MAT: '3' };
const URGENCY_BY_CODE = new Map(Object.entries(PRIORITY_CODES).map(([k, v]) => [v, k as Urgency]));
const SECRECY_BY_CODE = new Map(Object.entries(SECRECY_CODES).map(([k, v]) => [v, k as Secrecy]));
/** Bussiness/BussinessDocType: 0 new document, 3 replacement. */
const BUSINESS_NEW = '0';
const BUSINESS_REPLACE = '3';

const ORGAN_CODE = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SHA256_HEX = /^[0-9a-f]{64}$/i;
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;
const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/i;
const ISO_DATE_TIME = /^([1-9]\d{3})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;
const EDXML_DATE = /^([1-9]\d{3})\/(\d{2})\/(\d{2})$/;
/** Anything but TAB, LF and the XML 1.0 Char ranges (so CR, other controls, lone surrogates). */
const NON_XML_TEXT = /[^\t\n\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const PREDEFINED_ENTITIES = new Map([['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"]]);
const ENTITY_REFERENCE = /&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_:][\w.:-]*);/g;

// ---------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------

/**
 * Serialises a document as a complete edXML package: UTF-8 XML declaration, QCVN 102:2016
 * envelope, and attachments inline in base64.
 *
 * @throws EdxmlError when the document is invalid (the same rules as {@link importEdxml}) or the
 * package would exceed 30 MiB.
 */
export function exportEdxml(doc: EdxmlDocument): string {
  const problems = validateDocument(doc);
  if (problems.length > 0) throw new EdxmlError(problems);
  const xml = renderPackage(doc);
  if (Buffer.byteLength(xml, 'utf8') > MAX_PACKAGE_BYTES) {
    throw new EdxmlError([{ field: 'xml', message: TOO_LARGE }]);
  }
  return xml;
}

const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
const leaf = (name: string, value: string | number) => `<${name}>${escapeXml(String(value))}</${name}>`;
const elem = (name: string, ...children: string[]) => `<${name}>${children.join('')}</${name}>`;
const contentId = (index: number) => `cid:attachment-${index + 1}`;
/** The local calendar date of an ISO date-time, as `yyyy/MM/dd`. */
const toEdxmlDate = (isoDateTime: string) => isoDateTime.slice(0, 10).replaceAll('-', '/');

function renderPackage(doc: EdxmlDocument): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<edXML xmlns="${EDXML_NS}" xmlns:edXML="${EDXML_NS}" xmlns:od="${EXT_NS}">`,
    elem(
      'edXML:edXMLEnvelope',
      elem('edXML:edXMLHeader', renderMessageHeader(doc), renderTraceHeaderList(doc)),
      elem('edXML:edXMLBody', renderManifest(doc.attachments)),
    ),
    renderAttachmentEncoded(doc.attachments),
    renderExtension(doc),
    '</edXML>',
  ].join('\n');
}

function renderOrganization(name: string, organization: EdxmlOrganization): string {
  return elem(name, leaf('edXML:OrganId', organization.code), leaf('edXML:OrganName', organization.name));
}

function renderMessageHeader(doc: EdxmlDocument): string {
  return elem(
    'edXML:MessageHeader',
    renderOrganization('edXML:From', doc.from),
    ...doc.to.map((recipient) => renderOrganization('edXML:To', recipient)),
    leaf('edXML:DocumentId', doc.documentId),
    elem('edXML:Code', leaf('edXML:CodeNumber', doc.number), leaf('edXML:CodeNotation', doc.notation)),
    elem('edXML:PromulgationInfo', leaf('edXML:Place', doc.place), leaf('edXML:PromulgationDate', toEdxmlDate(doc.issuedAt))),
    elem('edXML:DocumentType', leaf('edXML:TypeName', doc.typeName)),
    leaf('edXML:Subject', doc.subject),
    elem('edXML:SignerInfo', leaf('edXML:Position', doc.signer.position), leaf('edXML:FullName', doc.signer.fullName)),
    doc.dueAt === null ? '' : leaf('edXML:DueDate', toEdxmlDate(doc.dueAt)),
    elem('edXML:OtherInfo', leaf('edXML:Priority', PRIORITY_CODES[doc.urgency]), leaf('edXML:PageAmount', doc.pageCount)),
  );
}

function renderTraceHeaderList(doc: EdxmlDocument): string {
  const docType = doc.replaces ? BUSINESS_REPLACE : BUSINESS_NEW;
  return elem('edXML:TraceHeaderList', elem('edXML:Bussiness', leaf('edXML:BussinessDocType', docType)));
}

function renderManifest(attachments: EdxmlAttachment[]): string {
  const references = attachments.map((a, i) =>
    elem('edXML:Reference', leaf('edXML:ContentId', contentId(i)), leaf('edXML:ContentType', a.mediaType), leaf('edXML:AttachmentName', a.name)),
  );
  return `<edXML:edXMLManifest version="1.0">${references.join('')}</edXML:edXMLManifest>`;
}

function renderAttachmentEncoded(attachments: EdxmlAttachment[]): string {
  if (attachments.length === 0) return '';
  const items = attachments.map((a, i) =>
    elem(
      'Attachment',
      leaf('ContentId', contentId(i)),
      leaf('AttachmentName', a.name),
      leaf('ContentType', a.mediaType),
      leaf('ContentTransferEncoded', a.contentBase64),
      leaf('od:Sha256', a.sha256),
    ),
  );
  return elem('AttachmentEncoded', ...items);
}

function renderExtension(doc: EdxmlDocument): string {
  const replaces = doc.replaces
    ? elem('od:Replaces', leaf('od:Number', doc.replaces.number), leaf('od:Notation', doc.replaces.notation), leaf('od:Year', doc.replaces.year))
    : '';
  return elem(
    'od:OneDoorExtension',
    leaf('od:Language', doc.language),
    leaf('od:DocumentTypeCode', doc.typeCode),
    leaf('od:IssuedAt', doc.issuedAt),
    doc.dueAt === null ? '' : leaf('od:DueAt', doc.dueAt),
    leaf('od:Secrecy', SECRECY_CODES[doc.secrecy]),
    replaces,
  );
}

// ---------------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------------

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
const isBlank = (value: string) => value.trim() === '';
const own = (parent: XmlObject, name: string): unknown => (Object.prototype.hasOwnProperty.call(parent, name) ? parent[name] : undefined);
const shorten = (value: string) => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);

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

// ---------------------------------------------------------------------------------------------
// Validation of the document model (shared by export and import)
// ---------------------------------------------------------------------------------------------

function validateDocument(doc: EdxmlDocument): Problem[] {
  const p: Problem[] = [];
  checkOrganization(p, 'header.from', doc.from);
  checkRecipients(p, doc.to);
  if (checkText(p, 'header.documentId', doc.documentId) && !UUID.test(doc.documentId)) add(p, 'header.documentId', 'Must be a UUID');
  checkPositiveInteger(p, 'header.code.number', doc.number);
  checkText(p, 'header.code.notation', doc.notation);
  checkText(p, 'extension.documentTypeCode', doc.typeCode);
  checkText(p, 'header.documentType.typeName', doc.typeName);
  checkDateTime(p, 'extension.issuedAt', doc.issuedAt);
  checkText(p, 'header.promulgationInfo.place', doc.place);
  checkSubject(p, doc.subject);
  if (checkText(p, 'extension.language', doc.language) && !LANGUAGE_TAG.test(doc.language)) add(p, 'extension.language', 'Must be a language tag such as "vi"');
  checkPositiveInteger(p, 'header.otherInfo.pageAmount', doc.pageCount);
  checkText(p, 'header.signerInfo.position', doc.signer?.position);
  checkText(p, 'header.signerInfo.fullName', doc.signer?.fullName);
  checkOneOf(p, 'header.otherInfo.priority', doc.urgency, Object.keys(PRIORITY_CODES), 'urgency');
  checkOneOf(p, 'extension.secrecy', doc.secrecy, Object.keys(SECRECY_CODES), 'secrecy');
  checkDueAt(p, doc.dueAt, doc.issuedAt);
  checkReplaces(p, doc.replaces);
  checkAttachments(p, doc.attachments);
  return p;
}

const add = (p: Problem[], field: string, message: string) => p.push({ field, message });

/** Required, non-blank text that XML can carry unchanged; returns whether it is usable. */
function checkText(p: Problem[], field: string, value: unknown): value is string {
  if (typeof value !== 'string' || isBlank(value)) {
    add(p, field, 'Is required and must not be blank');
    return false;
  }
  if (NON_XML_TEXT.test(value)) {
    add(p, field, 'Contains a carriage return or control character that XML cannot carry');
    return false;
  }
  return true;
}

function checkPositiveInteger(p: Problem[], field: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) add(p, field, 'Must be a positive integer');
}

function checkOneOf(p: Problem[], field: string, value: unknown, allowed: string[], what: string): void {
  if (typeof value !== 'string' || !allowed.includes(value)) add(p, field, `Unknown ${what}, expected one of ${allowed.join(', ')}`);
}

function checkOrganization(p: Problem[], field: string, organization: EdxmlOrganization | undefined): void {
  if (checkText(p, `${field}.organId`, organization?.code) && !ORGAN_CODE.test(organization.code)) {
    add(p, `${field}.organId`, `Organ code ${shorten(organization.code)} does not match ddd.dd.dd.Xdd (e.g. 000.00.00.H37)`);
  }
  checkText(p, `${field}.organName`, organization?.name);
}

function checkRecipients(p: Problem[], recipients: EdxmlOrganization[]): void {
  if (!Array.isArray(recipients) || recipients.length === 0) {
    add(p, 'header.to', 'At least one recipient is required');
    return;
  }
  const seen = new Set<string>();
  recipients.forEach((recipient, i) => {
    checkOrganization(p, `header.to[${i}]`, recipient);
    if (seen.has(recipient?.code)) add(p, `header.to[${i}].organId`, 'Duplicate recipient');
    seen.add(recipient?.code);
  });
}

function exceedsCodePoints(text: string, max: number): boolean {
  if (text.length <= max) return false;
  return text.length > 2 * max || Array.from(text).length > max;
}

function checkSubject(p: Problem[], subject: string): void {
  if (checkText(p, 'header.subject', subject) && exceedsCodePoints(subject, SUBJECT_MAX_CHARS)) {
    add(p, 'header.subject', `Must be at most ${SUBJECT_MAX_CHARS} characters`);
  }
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `yyyy-MM-ddTHH:mm[:ss[.SSS]]` with `Z` or `±HH:mm`, and a real calendar date and time. */
function isIsoDateTime(value: unknown): value is string {
  const m = typeof value === 'string' ? ISO_DATE_TIME.exec(value) : null;
  if (!m) return false;
  const [, year, month, day, hour, minute, second = '0', offsetHour = '0', offsetMinute = '0'] = m;
  return isCalendarDate(+year, +month, +day) && +hour <= 23 && +minute <= 59 && +second <= 59 && +offsetHour <= 14 && +offsetMinute <= 59;
}

function checkDateTime(p: Problem[], field: string, value: unknown): value is string {
  if (isIsoDateTime(value)) return true;
  add(p, field, 'Must be an ISO 8601 date-time with offset, e.g. 2026-03-16T09:30:00+07:00');
  return false;
}

function checkDueAt(p: Problem[], dueAt: string | null, issuedAt: string): void {
  if (dueAt === null) return;
  if (checkDateTime(p, 'extension.dueAt', dueAt) && isIsoDateTime(issuedAt) && Date.parse(dueAt) < Date.parse(issuedAt)) {
    add(p, 'extension.dueAt', 'Must not be earlier than the issue date-time');
  }
}

function checkReplaces(p: Problem[], replaces: EdxmlDocument['replaces']): void {
  if (replaces === undefined || replaces === null) return;
  checkPositiveInteger(p, 'extension.replaces.number', replaces.number);
  checkText(p, 'extension.replaces.notation', replaces.notation);
  const year = replaces.year;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1000 || year > 9999) {
    add(p, 'extension.replaces.year', 'Must be a four-digit year');
  }
}

function checkAttachments(p: Problem[], attachments: EdxmlAttachment[]): void {
  if (!Array.isArray(attachments)) {
    add(p, 'attachments', 'Must be a list');
    return;
  }
  attachments.forEach((attachment, i) => checkAttachment(p, `attachments[${i}]`, attachment));
}

function checkAttachment(p: Problem[], field: string, a: EdxmlAttachment): void {
  checkText(p, `${field}.name`, a?.name);
  if (checkText(p, `${field}.mediaType`, a?.mediaType) && !MEDIA_TYPE.test(a.mediaType)) {
    add(p, `${field}.mediaType`, 'Must be a media type such as application/pdf');
  }
  const content = decodeBase64(a?.contentBase64);
  if (!content) add(p, `${field}.contentBase64`, 'Is not valid base64');
  if (typeof a?.sha256 !== 'string' || !SHA256_HEX.test(a.sha256)) {
    add(p, `${field}.sha256`, 'Must be 64 hexadecimal characters');
  } else if (content && createHash('sha256').update(content).digest('hex') !== a.sha256.toLowerCase()) {
    add(p, `${field}.sha256`, 'Does not match the SHA-256 of the decoded content');
  }
}

/** Decodes canonical base64 (no whitespace, correct padding); anything else gives null. */
function decodeBase64(text: unknown): Buffer | null {
  if (typeof text !== 'string' || text.length % 4 !== 0 || /[^A-Za-z0-9+/=]/.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}
