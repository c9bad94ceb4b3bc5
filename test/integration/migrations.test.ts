import { Client } from 'pg';
import { MIGRATIONS } from '../../migrations';
import { ReceiveDossierDocument } from '../generated/graphql';
import { CITIZEN_AN, startTestApp, TestApp, landForm } from '../support/harness';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

describe('migrations', () => {
  it('produce exactly the schema the entities describe (no drift between code and migrations)', async () => {
    const diff = await t.app.services.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
    expect(diff.trim()).toBe('');
  });

  it('keep the dossier history append-only', async () => {
    const r = await t.gql(ReceiveDossierDocument, {
      input: { procedureCode: '1.011543', formData: landForm('1.011543'), channel: 'COUNTER', applicant: { kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber } },
    }, await t.login('landreg.reception'));
    if (r.data?.receiveDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
    const [h] = await t.sql(`select id from dossier_history where dossier_id = $1`, [r.data.receiveDossier.dossier.id]);
    await expect(t.sql(`update dossier_history set note = 'changed' where id = $1`, [h.id])).rejects.toThrow(/append-only/);
    await expect(t.sql(`delete from dossier_history where id = $1`, [h.id])).rejects.toThrow(/append-only/);
  });

  it('give the unpublished events of the previous version the effects their consumers now read', async () => {
    const migration = MIGRATIONS.find((m) => m.name === 'Migration20261207120000OutboxEventEffects')!;
    const m = new migration.class(t.app.services.orm.em.getDriver(), t.app.services.orm.config);
    await m.up();
    const pg = new Client({ connectionString: t.dbUrl });
    await pg.connect();
    try {
      // In a transaction rolled back at the end: the relay never sees these rows.
      await pg.query('begin');
      const rows = [
        ['{"action":"pay","fromNationalStatus":6}', null],
        ['{"action":"apologize"}', null],
        ['{"action":"receive"}', null],
        ['{"action":"apologize"}', 'now()'],
        ['{"action":"pay","effects":["RECORD_PAYMENT"]}', null],
      ];
      const ids: string[] = [];
      for (const [payload, published] of rows) {
        const r = await pg.query(`insert into outbox_event (aggregate_type, aggregate_id, type, payload, created_at, published_at) values ('Dossier', 'legacy', 'DossierUpdated', $1, now(), ${published ?? 'null'}) returning id`, [payload]);
        ids.push(r.rows[0].id);
      }
      for (const q of m.getQueries()) await pg.query(String(q));
      const after = await pg.query(`select id, payload->'effects' as effects from outbox_event where id = any($1::bigint[]) order by id`, [ids]);
      expect(after.rows.map((r) => r.effects)).toEqual([['RESUME_CLOCK', 'RECORD_PAYMENT'], ['APOLOGIZE'], null, null, ['RECORD_PAYMENT']]);
    } finally {
      await pg.query('rollback').catch(() => undefined);
      await pg.end();
    }
  });
});
