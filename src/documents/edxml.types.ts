/**
 * edXML-style export and import of an official-document package (gói tin văn bản điện tử): the
 * model, its error and the codes of the profile, shared by `edxml.render.ts` (export),
 * `edxml.parse.ts` (import) and `edxml.validate.ts` (the rules of the model both apply).
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
 * Thrown by `exportEdxml` (`edxml.render.ts`) and `importEdxml` (`edxml.parse.ts`) with every
 * problem found. `field` is a path in package terms, e.g. `header.code.number`,
 * `header.to[1].organId`, `extension.issuedAt`, `attachments[0].sha256`, or `xml` / `root` for the
 * input as a whole.
 */
export class EdxmlError extends Error {
  constructor(public readonly problems: { field: string; message: string }[]) {
    super(`Invalid edXML package: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
    this.name = 'EdxmlError';
  }
}

/** A problem found in a package or a document, at a path in package terms (see {@link EdxmlError}). */
export type Problem = { field: string; message: string };
export type Urgency = EdxmlDocument['urgency'];
export type Secrecy = EdxmlDocument['secrecy'];
export type Replaces = NonNullable<EdxmlDocument['replaces']>;

/** The size limit of a package, written or read. */
export const MAX_PACKAGE_BYTES = 30 * 1024 * 1024;
export const TOO_LARGE = `Package exceeds the 30 MiB limit (${MAX_PACKAGE_BYTES} bytes of UTF-8)`;

/** OtherInfo/Priority codes (độ khẩn); 4 = hỏa tốc hẹn giờ is not representable here. */
export const PRIORITY_CODES: Record<Urgency, string> = { NORMAL: '0', KHAN: '1', THUONG_KHAN: '2', HOA_TOC: '3' };
/** od:Secrecy codes (độ mật), own mapping. */
export const SECRECY_CODES: Record<Secrecy, string> = { NONE: '0', MAT: '1', TOI_MAT: '2', TUYET_MAT: '3' };
/** Bussiness/BussinessDocType: 0 new document, 3 replacement. */
export const BUSINESS_NEW = '0';
export const BUSINESS_REPLACE = '3';

/** The local calendar date of an ISO date-time, as `yyyy/MM/dd` (the standard's date elements). */
export const toEdxmlDate = (isoDateTime: string) => isoDateTime.slice(0, 10).replaceAll('-', '/');
