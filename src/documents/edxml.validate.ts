/**
 * The rules of the edXML document model (`edxml.types.ts`), shared by export (`edxml.render.ts`)
 * and import (`edxml.parse.ts`).
 * @module
 */
import { createHash } from 'node:crypto';
import { EdxmlAttachment, EdxmlDocument, EdxmlOrganization, PRIORITY_CODES, Problem, SECRECY_CODES } from './edxml.types';

const SUBJECT_MAX_CHARS = 500;
const ORGAN_CODE = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SHA256_HEX = /^[0-9a-f]{64}$/i;
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;
const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/i;
const ISO_DATE_TIME = /^([1-9]\d{3})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;
/** Anything but TAB, LF and the XML 1.0 Char ranges (so CR, other controls, lone surrogates). */
const NON_XML_TEXT = /[^\t\n\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export const isBlank = (value: string) => value.trim() === '';
/** A value quoted for a message, cut at 40 characters. */
export const shorten = (value: string) => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);

/**
 * Every problem of a document under this profile's rules, checked before a package is written
 * and after one is read.
 */
export function validateDocument(doc: EdxmlDocument): Problem[] {
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

export function isCalendarDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `yyyy-MM-ddTHH:mm[:ss[.SSS]]` with `Z` or `±HH:mm`, and a real calendar date and time. */
export function isIsoDateTime(value: unknown): value is string {
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
