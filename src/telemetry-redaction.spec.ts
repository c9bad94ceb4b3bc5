import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { GRAPHQL_SOURCE, obfuscateSql, redactQuery, withoutDocumentSource, withoutErrorText } from './telemetry-redaction';

describe('obfuscateSql', () => {
  it('replaces the values the ORM inlines, keeping identifiers and placeholders', () => {
    expect(obfuscateSql(`insert into "calendar_day" ("date", "kind", "name") values ('2027-01-04', 'HOLIDAY', 'Ngày O''Brien') on conflict ("date") do update set "name" = excluded."name"`))
      .toBe(`insert into "calendar_day" ("date", "kind", "name") values (?, ?, ?) on conflict ("date") do update set "name" = excluded."name"`);
    expect(obfuscateSql(`select "a0".* from "account" as "a0" where "a0"."identity_number" = '068090001234' and "a0"."token_version" = 3 limit 1`))
      .toBe(`select "a0".* from "account" as "a0" where "a0"."identity_number" = ? and "a0"."token_version" = ? limit ?`);
    expect(obfuscateSql('select 1 from account where id = $1 and token_version = $2')).toBe('select ? from account where id = $1 and token_version = $2');
  });

  it('covers escape strings, bit strings, dollar quoting, numbers and comments', () => {
    expect(obfuscateSql(`select E'it\\'s', B'1010', X'1F', U&'d\\0061t', $$a 'quoted' body$$, $tag$x$tag$, -1.5e3, .25`))
      .toBe('select ?, ?, ?, ?, ?, ?, -?, ?');
    expect(obfuscateSql(`select "col 1", t1.x::int8 /* 0912345678 */ from t1 -- 0912345678\nwhere x = 'a'`))
      .toBe('select "col 1", t1.x::int8  from t1 \nwhere x = ?');
  });

  it('keeps a JSON value whole inside its literal', () => {
    expect(obfuscateSql(`insert into "outbox_event" ("payload") values ('{"name":"Nguyễn Văn An","id":"068090001234"}')`))
      .toBe('insert into "outbox_event" ("payload") values (?)');
  });
});

describe('redactQuery', () => {
  it('keeps the parameter names and drops every value', () => {
    expect(redactQuery('?query=query%20X&variables=%7B%22id%22%3A%22068090001234%22%7D&query=again')).toBe('query=REDACTED&variables=REDACTED');
  });
});

describe('withoutErrorText', () => {
  class FakeSpan {
    name = 'pg.query:SELECT onedoor';
    status: { code: number; message?: string } = { code: 2, message: 'invalid input syntax for type uuid: "068090001234"' };
    events = [
      { name: 'exception', time: [0, 0], attributes: { 'exception.type': '22P02', 'exception.message': 'invalid input syntax for type uuid: "068090001234"', 'exception.stacktrace': 'error: invalid input … "068090001234"' } },
      { name: 'other', time: [0, 0], attributes: { kept: 'yes' } },
    ];
    private readonly ids = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 };
    spanContext() {
      return this.ids;
    }
    get ended() {
      return true;
    }
  }

  it('drops the status message and the exception text, keeping the code, the type and the rest of the span', () => {
    const span = new FakeSpan() as unknown as ReadableSpan;
    const out = withoutErrorText(span);
    expect(JSON.stringify({ status: out.status, events: out.events })).not.toContain('068090001234');
    expect(out.status).toEqual({ code: 2 });
    expect(out.events).toEqual([
      { name: 'exception', time: [0, 0], attributes: { 'exception.type': '22P02' } },
      { name: 'other', time: [0, 0], attributes: { kept: 'yes' } },
    ]);
    expect(out.name).toBe(span.name);
    expect(out.spanContext()).toEqual(span.spanContext());
    expect(out.ended).toBe(true);
    // The SDK's span itself is left as it was.
    expect(span.status.message).toContain('068090001234');
  });

  it('hands on a span without error text as it is', () => {
    const span = Object.assign(new FakeSpan(), { status: { code: 1 }, events: [] }) as unknown as ReadableSpan;
    expect(withoutErrorText(span)).toBe(span);
  });
});

describe('withoutDocumentSource', () => {
  it('drops graphql.source (comments in it are free text) on a view of the span, leaving the span and its other attributes as they were', () => {
    const span = { name: 'graphql.parse', attributes: { [GRAPHQL_SOURCE]: ' 068090001234\nquery Q { a }', 'graphql.operation.name': 'Q' } } as unknown as ReadableSpan;
    const out = withoutDocumentSource(span);
    expect(out.attributes).toEqual({ 'graphql.operation.name': 'Q' });
    expect(out.name).toBe('graphql.parse');
    expect(span.attributes[GRAPHQL_SOURCE]).toContain('068090001234');
    const plain = { attributes: { 'graphql.operation.name': 'Q' } } as unknown as ReadableSpan;
    expect(withoutDocumentSource(plain)).toBe(plain);
  });
});
