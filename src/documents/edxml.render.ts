/**
 * Export of an edXML package (the profile and its sources: `edxml.types.ts`).
 * @module
 */
import { BUSINESS_NEW, BUSINESS_REPLACE, EdxmlAttachment, EdxmlDocument, EdxmlError, EdxmlOrganization, MAX_PACKAGE_BYTES, PRIORITY_CODES, SECRECY_CODES, TOO_LARGE, toEdxmlDate } from './edxml.types';
import { validateDocument } from './edxml.validate';

/** QCVN 102:2016 namespace as used by public implementations. */
const EDXML_NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
/** This project's extension namespace (not part of QCVN 102). */
const EXT_NS = 'urn:onedoor:edxml-extension:1';
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Serialises a document as a complete edXML package: UTF-8 XML declaration, QCVN 102:2016
 * envelope, and attachments inline in base64.
 *
 * @throws EdxmlError when the document is invalid (the rules `importEdxml` applies too:
 * `edxml.validate.ts`) or the package would exceed 30 MiB.
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
