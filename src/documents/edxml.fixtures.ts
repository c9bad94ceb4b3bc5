import { createHash } from 'node:crypto';
import { EdxmlAttachment, EdxmlDocument } from './edxml.types';
import { exportEdxml } from './edxml.render';

/** Test data shared by the edXML specs: a valid document, attachments, and its package. */
export const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

export function attachment(name: string, content: Buffer, mediaType = 'application/pdf'): EdxmlAttachment {
  return { name, mediaType, sha256: sha256(content), contentBase64: content.toString('base64') };
}

export const PDF = Buffer.from('%PDF-1.7\nQuyết định số 12/QĐ-UBND\n%%EOF', 'utf8');

export function sampleDocument(overrides: Partial<EdxmlDocument> = {}): EdxmlDocument {
  return {
    from: { code: '000.00.00.H37', name: 'Ủy ban nhân dân tỉnh Lâm Đồng' },
    to: [
      { code: '000.00.01.H37', name: 'Sở Tài chính' },
      { code: '000.00.02.H37', name: 'Sở Nội vụ' },
    ],
    number: 12,
    notation: 'QĐ-UBND',
    typeCode: 'QĐ',
    typeName: 'Quyết định',
    issuedAt: '2026-03-16T09:30:00+07:00',
    place: 'Lâm Đồng',
    subject: 'Về việc phê duyệt kế hoạch chuyển đổi số năm 2026',
    language: 'vi',
    pageCount: 3,
    signer: { position: 'Chủ tịch', fullName: 'Nguyễn Văn An' },
    urgency: 'KHAN',
    secrecy: 'NONE',
    dueAt: null,
    documentId: '6f1c2a5e-8a7b-4c1d-9e2f-0a1b2c3d4e5f',
    replaces: null,
    attachments: [attachment('QD-12-UBND.pdf', PDF)],
    ...overrides,
  };
}

/** The package of the sample document with `overrides`. */
export const exported = (overrides: Partial<EdxmlDocument> = {}) => exportEdxml(sampleDocument(overrides));
