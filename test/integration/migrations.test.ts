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
});
