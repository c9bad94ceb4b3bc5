import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { attachment, exported, PDF, sampleDocument } from './edxml.fixtures';
import { importEdxml } from './edxml.parse';
import { exportEdxml } from './edxml.render';
import { EdxmlError } from './edxml.types';


describe('exportEdxml', () => {
  it('writes a well-formed UTF-8 package in the QCVN 102:2016 envelope', () => {
    const xml = exported();

    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"');
    const tree = new XMLParser({ removeNSPrefix: true, parseTagValue: false }).parse(xml);
    const message = tree.edXML.edXMLEnvelope.edXMLHeader.MessageHeader;
    expect(message.From).toEqual({ OrganId: '000.00.00.H37', OrganName: 'Ủy ban nhân dân tỉnh Lâm Đồng' });
    expect(message.To).toHaveLength(2);
    expect(message.Code).toEqual({ CodeNumber: '12', CodeNotation: 'QĐ-UBND' });
    expect(message.PromulgationInfo).toEqual({ Place: 'Lâm Đồng', PromulgationDate: '2026/03/16' });
    expect(message.OtherInfo).toEqual({ Priority: '1', PageAmount: '3' });
    expect(tree.edXML.edXMLEnvelope.edXMLHeader.TraceHeaderList.Bussiness.BussinessDocType).toBe('0');
    expect(tree.edXML.edXMLEnvelope.edXMLBody.edXMLManifest.Reference.AttachmentName).toBe('QD-12-UBND.pdf');
    expect(tree.edXML.AttachmentEncoded.Attachment.ContentTransferEncoded).toBe(PDF.toString('base64'));
  });

  it.each([
    ['NORMAL', '0'],
    ['KHAN', '1'],
    ['THUONG_KHAN', '2'],
    ['HOA_TOC', '3'],
  ] as const)('writes urgency %s as OtherInfo/Priority %s', (urgency, code) => {
    expect(exported({ urgency })).toContain(`<edXML:Priority>${code}</edXML:Priority>`);
  });

  it('marks a replacement with BussinessDocType 3 and the replaced document in the extension', () => {
    const xml = exported({ replaces: { number: 7, notation: 'QĐ-UBND', year: 2025 } });

    expect(xml).toContain('<edXML:BussinessDocType>3</edXML:BussinessDocType>');
    expect(xml).toContain('<od:Replaces><od:Number>7</od:Number><od:Notation>QĐ-UBND</od:Notation><od:Year>2025</od:Year></od:Replaces>');
  });

  it('escapes markup characters and keeps Vietnamese diacritics', () => {
    const doc = sampleDocument({
      subject: `Về việc "sáp nhập" <Sở A> & 'Sở B' – ưu tiên hỏa tốc`,
      notation: 'QĐ-UBND&<>',
      signer: { position: 'Phó Chủ tịch "thường trực"', fullName: 'Trần Thị Ánh & Đoàn' },
      attachments: [attachment('Tờ trình <bản cuối> & "phụ lục".pdf', PDF)],
    });

    const xml = exportEdxml(doc);

    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('Về việc &quot;sáp nhập&quot; &lt;Sở A&gt; &amp; &apos;Sở B&apos; – ưu tiên hỏa tốc');
    expect(xml).not.toContain('<Sở A>');
    expect(xml).toContain('QĐ-UBND&amp;&lt;&gt;');
    expect(importEdxml(xml)).toEqual(doc);
  });

  it('rejects an invalid document with every problem at once', () => {
    const doc = sampleDocument({ from: { code: 'H37.DN.001', name: '' }, subject: '  ', pageCount: 0, number: 1.5 });

    expect(() => exportEdxml(doc)).toThrow(EdxmlError);
    try {
      exportEdxml(doc);
    } catch (e) {
      expect((e as EdxmlError).problems.map((p) => p.field)).toEqual(
        expect.arrayContaining(['header.from.organId', 'header.from.organName', 'header.subject', 'header.otherInfo.pageAmount', 'header.code.number']),
      );
    }
  });

  it('rejects text XML cannot carry (control characters, carriage return)', () => {
    expect(() => exported({ subject: 'Trích yếu\u0001' })).toThrow(EdxmlError);
    expect(() => exported({ place: 'Lâm\r\nĐồng' })).toThrow(EdxmlError);
  });
});

describe('round trip', () => {
  it('imports what it exports (deep equality)', () => {
    const doc = sampleDocument();
    expect(importEdxml(exportEdxml(doc))).toEqual(doc);
  });

  it.each([
    ['NORMAL', 'NONE'],
    ['KHAN', 'MAT'],
    ['THUONG_KHAN', 'TOI_MAT'],
    ['HOA_TOC', 'TUYET_MAT'],
  ] as const)('keeps urgency %s and secrecy %s', (urgency, secrecy) => {
    const doc = sampleDocument({ urgency, secrecy });
    expect(importEdxml(exportEdxml(doc))).toEqual(doc);
  });

  it('keeps the due date, the replaced document, several attachments and surrounding whitespace', () => {
    const doc = sampleDocument({
      dueAt: '2026-03-31T17:00:00.000Z',
      issuedAt: '2026-03-16T00:15:00+07:00',
      replaces: { number: 3, notation: 'QĐ-UBND', year: 2025 },
      subject: '  Trích yếu có khoảng trắng\nvà xuống dòng  ',
      attachments: [
        attachment('QD-12-UBND.pdf', PDF),
        attachment('phu-luc.docx', Buffer.from([0, 1, 2, 250, 251, 252]), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
        attachment('empty.txt', Buffer.alloc(0), 'text/plain'),
      ],
    });

    const xml = exportEdxml(doc);

    expect(xml).toContain('<edXML:PromulgationDate>2026/03/16</edXML:PromulgationDate>');
    expect(importEdxml(xml)).toEqual(doc);
  });

  it('keeps a package without attachments', () => {
    const doc = sampleDocument({ attachments: [] });
    expect(importEdxml(exportEdxml(doc))).toEqual(doc);
  });

  it('accepts a 500-character subject with diacritics', () => {
    const doc = sampleDocument({ subject: 'ệ'.repeat(500) });
    expect(importEdxml(exportEdxml(doc))).toEqual(doc);
  });
});
