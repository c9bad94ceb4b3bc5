import { obfuscateSql, redactQuery } from './telemetry-redaction';

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
