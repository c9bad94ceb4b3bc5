import { attachment, exported, PDF, sampleDocument, sha256 } from './edxml.fixtures';
import { importEdxml } from './edxml.parse';
import { exportEdxml } from './edxml.render';
import { EdxmlError } from './edxml.types';

/** Replaces the first match, failing loudly if the fixture no longer contains it. */
function edit(xml: string, search: string | RegExp, replacement: string): string {
  const result = xml.replace(search, replacement);
  if (result === xml) throw new Error(`Fixture does not contain ${String(search)}`);
  return result;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const elementPattern = (tag: string) => new RegExp(`<${escapeRegExp(tag)}>[\\s\\S]*?</${escapeRegExp(tag)}>`);
/** Sets the text of the first `<tag>` (a leaf element). */
const setText = (xml: string, tag: string, text: string) => edit(xml, elementPattern(tag), `<${tag}>${text}</${tag}>`);
/** Removes the first `<tag>…</tag>`. */
const remove = (xml: string, tag: string) => edit(xml, elementPattern(tag), '');

function problemsOf(xml: string): { field: string; message: string }[] {
  try {
    importEdxml(xml);
  } catch (e) {
    if (e instanceof EdxmlError) return e.problems;
    throw e;
  }
  throw new Error('Expected importEdxml to throw EdxmlError');
}

const fieldsOf = (xml: string) => problemsOf(xml).map((p) => p.field);

describe('importEdxml', () => {
  describe('input', () => {
    it.each([
      ['plain text', 'this is not XML'],
      ['an empty string', ''],
      ['a truncated package', exported().slice(0, 500)],
      ['mismatched tags', '<edXML><a></b></edXML>'],
    ])('reports %s as not XML', (_label, xml) => {
      const problems = problemsOf(xml);
      expect(problems).toEqual([{ field: 'xml', message: expect.stringContaining('Not well-formed XML') }]);
    });

    it('reports a wrong root element', () => {
      expect(problemsOf('<?xml version="1.0"?><Envelope><Header/></Envelope>')).toEqual([
        { field: 'root', message: 'Root element must be <edXML>, found <Envelope>' },
      ]);
    });

    it('reports more than one root element', () => {
      // The parser's validator catches some of these, the root check the rest (self-closing ones).
      expect(problemsOf('<edXML></edXML><Extra/>')).toEqual([{ field: 'root', message: 'Expected exactly one root element, found 2' }]);
      expect(fieldsOf('<edXML/><edXML/>')).toEqual(['root']);
      expect(fieldsOf('<edXML></edXML><Extra></Extra>')).toEqual(['xml']);
    });

    it('caps the input at 30 MiB before parsing', () => {
      const tooLarge = `<edXML>${'x'.repeat(30 * 1024 * 1024)}</edXML>`;
      expect(problemsOf(tooLarge)).toEqual([{ field: 'xml', message: expect.stringContaining('exceeds the 30 MiB limit') }]);
    });

    it('reports element names that could pollute prototypes', () => {
      expect(fieldsOf('<edXML><__proto__><polluted>1</polluted></__proto__></edXML>')).toEqual(['xml']);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('decodes the predefined entities and character references', () => {
      const xml = setText(exported(), 'edXML:Subject', 'V&#7873; vi&#x1EC7;c &quot;A&quot; &amp; &lt;B&gt;');
      expect(importEdxml(xml).subject).toBe('Về việc "A" & <B>');
    });

    it('reports an undefined entity', () => {
      const xml = setText(exported(), 'edXML:Subject', 'Về việc &nbsp;');
      expect(problemsOf(xml)).toEqual([{ field: 'xml', message: 'Undefined entity &nbsp;' }]);
    });
  });

  describe('entity expansion', () => {
    const billionLaughs = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE edXML [',
      '  <!ENTITY lol "lol">',
      ...Array.from({ length: 9 }, (_, i) => `  <!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`),
      ']>',
      '<edXML><od:OneDoorExtension xmlns:od="urn:x"><od:Language>&lol9;</od:Language></od:OneDoorExtension></edXML>',
    ].join('\n');

    it('rejects a DOCTYPE with entity declarations without expanding it', () => {
      const started = Date.now();
      expect(problemsOf(billionLaughs)).toEqual([{ field: 'xml', message: 'DOCTYPE and entity declarations are not allowed' }]);
      expect(Date.now() - started).toBeLessThan(1000);
    });

    it('rejects external entities and a DOCTYPE injected into an exported package', () => {
      const external = exported().replace('<edXML ', '<!DOCTYPE edXML [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<edXML ');
      expect(fieldsOf(external)).toEqual(['xml']);
      expect(fieldsOf(exported().replace('<edXML ', '<!DOCTYPE edXML>\n<edXML '))).toEqual(['xml']);
    });
  });

  describe('required elements', () => {
    it('reports each missing element by its path', () => {
      let xml = remove(exported(), 'edXML:Subject');
      xml = remove(xml, 'edXML:CodeNumber');
      xml = remove(xml, 'edXML:SignerInfo');
      xml = remove(xml, 'od:Language');

      expect(problemsOf(xml)).toEqual(
        expect.arrayContaining([
          { field: 'header.subject', message: 'Missing required element <Subject>' },
          { field: 'header.code.number', message: 'Missing required element <CodeNumber>' },
          { field: 'header.signerInfo', message: 'Missing required element <SignerInfo>' },
          { field: 'extension.language', message: 'Missing required element <Language>' },
        ]),
      );
      expect(problemsOf(xml)).toHaveLength(4);
    });

    it('imports a plain QCVN 102 package from another system (no OneDoor extension, no hashes)', () => {
      const withDue = exported({ dueAt: '2026-03-30T17:00:00+07:00' });
      const plain = withDue.replace(/<od:OneDoorExtension[\s\S]*?<\/od:OneDoorExtension>/, '').replace(/<od:Sha256>[0-9a-f]+<\/od:Sha256>/g, '');
      expect(plain).not.toContain('od:');
      const d = importEdxml(plain);
      expect(d).toMatchObject({ typeCode: 'QĐ', language: 'vi', secrecy: 'NONE', issuedAt: '2026-03-16T00:00:00+07:00', dueAt: '2026-03-30T17:00:00+07:00', replaces: null });
      expect(d.attachments[0].sha256).toBe(sha256(PDF));
      expect(fieldsOf(setText(plain, 'edXML:TypeName', 'Văn bản lạ'))).toEqual(['header.documentType.typeName']);
    });

    it('reports a missing MessageHeader once, not once per field', () => {
      expect(problemsOf(remove(exported(), 'edXML:MessageHeader'))).toEqual([
        { field: 'header', message: 'Missing required element <MessageHeader>' },
      ]);
    });

    it('reports an element that must appear only once', () => {
      const xml = edit(exported(), '</edXML:Subject>', '</edXML:Subject><edXML:Subject>Lần hai</edXML:Subject>');
      expect(problemsOf(xml)).toEqual([{ field: 'header.subject', message: '<Subject> must appear only once' }]);
    });

    it('reports a package without recipients', () => {
      const xml = remove(remove(exported(), 'edXML:To'), 'edXML:To');
      expect(problemsOf(xml)).toEqual([{ field: 'header.to', message: 'At least one recipient <To> is required' }]);
    });
  });

  describe('values', () => {
    it.each(['0', '-3', '12a', '1.5', '', ' 12'])('reports CodeNumber %j as not a positive integer', (value) => {
      expect(problemsOf(setText(exported(), 'edXML:CodeNumber', value))).toEqual([
        { field: 'header.code.number', message: 'Must be a positive integer' },
      ]);
    });

    it.each(['0000.00.00.H37', 'H37.DN.001', '000.00.00.h37', '000.00.00.H3', ''])('reports organ code %j', (code) => {
      const xml = edit(exported(), '<edXML:OrganId>000.00.02.H37</edXML:OrganId>', `<edXML:OrganId>${code}</edXML:OrganId>`);
      expect(fieldsOf(xml)).toEqual(['header.to[1].organId']);
    });

    it('reports a bad sender code and a duplicate recipient', () => {
      let xml = setText(exported(), 'edXML:OrganId', '00.00.00.H37');
      xml = edit(xml, '<edXML:OrganId>000.00.02.H37</edXML:OrganId>', '<edXML:OrganId>000.00.01.H37</edXML:OrganId>');
      expect(problemsOf(xml)).toEqual([
        { field: 'header.from.organId', message: expect.stringContaining('does not match ddd.dd.dd.Xdd') },
        { field: 'header.to[1].organId', message: 'Duplicate recipient' },
      ]);
    });

    it.each(['', '   '])('reports an empty subject %j', (subject) => {
      expect(problemsOf(setText(exported(), 'edXML:Subject', subject))).toEqual([
        { field: 'header.subject', message: 'Is required and must not be blank' },
      ]);
    });

    it('reports a subject over 500 characters', () => {
      expect(problemsOf(setText(exported(), 'edXML:Subject', 'ệ'.repeat(501)))).toEqual([
        { field: 'header.subject', message: 'Must be at most 500 characters' },
      ]);
    });

    it.each(['0', '-1', 'ba'])('reports PageAmount %j (pageCount < 1 or not a number)', (value) => {
      expect(fieldsOf(setText(exported(), 'edXML:PageAmount', value))).toEqual(['header.otherInfo.pageAmount']);
    });

    it.each([
      ['9', 'Unknown priority code "9", expected 0–3'],
      ['KHAN', 'Unknown priority code "KHAN", expected 0–3'],
      ['4', 'Priority 4 (hỏa tốc hẹn giờ) is not supported'],
    ])('reports Priority %j', (value, message) => {
      expect(problemsOf(setText(exported(), 'edXML:Priority', value))).toEqual([{ field: 'header.otherInfo.priority', message }]);
    });

    it('reports an unknown secrecy code', () => {
      expect(problemsOf(setText(exported(), 'od:Secrecy', 'MAT'))).toEqual([
        { field: 'extension.secrecy', message: 'Unknown secrecy code "MAT", expected 0–3' },
      ]);
    });

    it('reports a document id that is not a UUID', () => {
      expect(fieldsOf(setText(exported(), 'edXML:DocumentId', '000.00.00.H37,2026/03/16,12/QĐ-UBND'))).toEqual(['header.documentId']);
    });
  });

  describe('dates', () => {
    it.each([
      '2026-02-30T09:00:00+07:00',
      '2026-03-16T24:00:00+07:00',
      '2026-03-16T09:30:00',
      '16/03/2026',
      'hôm qua',
    ])('reports IssuedAt %j', (value) => {
      expect(fieldsOf(setText(exported(), 'od:IssuedAt', value))).toEqual(['extension.issuedAt']);
    });

    it('reports a PromulgationDate that disagrees with IssuedAt, or is malformed', () => {
      expect(problemsOf(setText(exported(), 'edXML:PromulgationDate', '2026/03/15'))).toEqual([
        { field: 'header.promulgationInfo.date', message: 'Must equal the date of 2026-03-16T09:30:00+07:00 (2026/03/16), found "2026/03/15"' },
      ]);
      expect(fieldsOf(setText(exported(), 'edXML:PromulgationDate', '16/03/2026'))).toEqual(['header.promulgationInfo.date']);
    });

    it('reports a bad DueAt, a due date before the issue date, and a DueDate without DueAt', () => {
      const withDue = exported({ dueAt: '2026-03-31T17:00:00+07:00' });
      expect(fieldsOf(setText(withDue, 'od:DueAt', '2026-13-01T17:00:00+07:00'))).toEqual(['extension.dueAt']);
      expect(problemsOf(setText(setText(withDue, 'od:DueAt', '2026-03-01T17:00:00+07:00'), 'edXML:DueDate', '2026/03/01'))).toEqual([
        { field: 'extension.dueAt', message: 'Must not be earlier than the issue date-time' },
      ]);
      expect(problemsOf(remove(withDue, 'od:DueAt'))).toEqual([
        { field: 'extension.dueAt', message: '<DueDate> and <od:DueAt> must be present together' },
      ]);
    });
  });

  describe('replacement', () => {
    it('requires BussinessDocType 3 and od:Replaces together', () => {
      const replacing = exported({ replaces: { number: 3, notation: 'QĐ-UBND', year: 2025 } });
      expect(fieldsOf(setText(replacing, 'edXML:BussinessDocType', '0'))).toEqual(['header.business.docType']);
      expect(fieldsOf(setText(exported(), 'edXML:BussinessDocType', '3'))).toEqual(['header.business.docType']);
      expect(fieldsOf(setText(replacing, 'od:Year', '25'))).toEqual(['extension.replaces.year']);
    });
  });

  describe('attachments', () => {
    it('reports base64 that does not decode', () => {
      expect(problemsOf(setText(exported(), 'ContentTransferEncoded', 'JVBER@@@i0x'))).toEqual([
        { field: 'attachments[0].contentBase64', message: 'Is not valid base64' },
      ]);
    });

    it('reports a SHA-256 that does not match the decoded content', () => {
      const other = sha256(Buffer.from('another file'));
      expect(problemsOf(setText(exported(), 'od:Sha256', other))).toEqual([
        { field: 'attachments[0].sha256', message: 'Does not match the SHA-256 of the decoded content' },
      ]);
    });

    it('reports a SHA-256 that is not 64 hexadecimal characters', () => {
      expect(problemsOf(setText(exported(), 'od:Sha256', 'abc123'))).toEqual([
        { field: 'attachments[0].sha256', message: 'Must be 64 hexadecimal characters' },
      ]);
    });

    it('accepts base64 wrapped over several lines', () => {
      const content = Buffer.alloc(300, 7);
      const doc = sampleDocument({ attachments: [attachment('scan.bin', content, 'application/octet-stream')] });
      const wrapped = content.toString('base64').replace(/.{76}/g, '$&\r\n');
      const xml = setText(exportEdxml(doc), 'ContentTransferEncoded', wrapped);
      expect(importEdxml(xml)).toEqual(doc);
    });

    it('reports an attachment missing from the manifest', () => {
      expect(problemsOf(remove(exported(), 'edXML:Reference'))).toEqual([
        { field: 'attachments[0].contentId', message: 'Attachment "cid:attachment-1" is not listed in <edXMLManifest>' },
      ]);
    });
  });

  it('reports all problems of a malformed package together', () => {
    let xml = exported({ attachments: [attachment('a.pdf', PDF), attachment('b.pdf', PDF)] });
    xml = setText(xml, 'edXML:OrganId', 'UBND-LD');
    xml = setText(xml, 'edXML:CodeNumber', '-1');
    xml = setText(xml, 'edXML:Subject', '');
    xml = setText(xml, 'edXML:PageAmount', '0');
    xml = setText(xml, 'edXML:Priority', '7');
    xml = setText(xml, 'od:Secrecy', '9');
    xml = setText(xml, 'od:IssuedAt', '2026-02-29T08:00:00+07:00');
    xml = edit(xml, elementPattern('ContentTransferEncoded'), '<ContentTransferEncoded>%%%</ContentTransferEncoded>');
    xml = edit(xml, /(<Attachment>[\s\S]*?<\/Attachment><Attachment>[\s\S]*?<od:Sha256>)[0-9a-f]{64}/, `$1${'0'.repeat(64)}`);

    expect(fieldsOf(xml).sort()).toEqual(
      [
        'attachments[0].contentBase64',
        'attachments[1].sha256',
        'extension.issuedAt',
        'extension.secrecy',
        'header.code.number',
        'header.from.organId',
        'header.otherInfo.pageAmount',
        'header.otherInfo.priority',
        'header.subject',
      ].sort(),
    );
  });
});
