import { Principal, Role } from '../../../src/kernel';
import { PetitionClassification } from '../entities/petition.entity';
import { INSPECTORATE_AGENCY_CODE } from '../procedures';
import { actorsOf, HEAD_DESIGNATION, mayReadIdentity, mayViewPetitions, standingOf } from '../access';
import { PetitionActor } from '../workflows';

const AGENCY = 'a-insp';
const who = (role: Role, accountId = `acc-${role}`, agencyCode = INSPECTORATE_AGENCY_CODE): Principal => ({
  accountId,
  subject: accountId,
  fullName: role,
  issuer: 'local',
  roles: [{ role, ...(role === Role.ANALYST || role === Role.SYSTEM_ADMIN ? {} : { agencyId: agencyCode === INSPECTORATE_AGENCY_CODE ? AGENCY : 'other', agencyCode }) }],
});
/** The head: a LEADER holding the designation a system admin grants. */
const head = (): Principal => ({ ...who(Role.LEADER), designations: [{ key: HEAD_DESIGNATION.key, agencyId: AGENCY }] });
const denunciation = { agencyId: AGENCY, classification: PetitionClassification.DENUNCIATION, anonymous: false };
const complaint = { ...denunciation, classification: PetitionClassification.COMPLAINT };

describe('who reads a petitioner’s identity', () => {
  it('a denunciation: the head and the inspectors assigned, nobody else', () => {
    const assigned = ['acc-SPECIALIST'];
    expect(mayReadIdentity(standingOf(head()), denunciation, [])).toBe(true);
    // A leader an agency admin made is not the head.
    expect(mayReadIdentity(standingOf(who(Role.LEADER)), denunciation, [])).toBe(false);
    // Nor is a designation held in another agency.
    expect(mayReadIdentity(standingOf({ ...who(Role.LEADER), designations: [{ key: HEAD_DESIGNATION.key, agencyId: 'other' }] }), denunciation, [])).toBe(false);
    expect(mayReadIdentity(standingOf(who(Role.SPECIALIST)), denunciation, assigned)).toBe(true);
    expect(mayReadIdentity(standingOf(who(Role.SPECIALIST, 'other-inspector')), denunciation, assigned)).toBe(false);
    for (const r of [Role.RECEPTION_OFFICER, Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN, Role.ANALYST]) expect(mayReadIdentity(standingOf(who(r)), denunciation, assigned)).toBe(false);
    // A LEADER of another agency is not the head of the inspectorate.
    expect(mayReadIdentity(standingOf(who(Role.LEADER, 'x', '000.00.00.H37')), denunciation, [])).toBe(false);
  });

  it('an anonymous letter of any class is treated like a denunciation', () => {
    expect(mayReadIdentity(standingOf(who(Role.RECEPTION_OFFICER)), { ...complaint, anonymous: true }, [])).toBe(false);
    expect(mayReadIdentity(standingOf(head()), { ...complaint, anonymous: true }, [])).toBe(true);
  });

  it('a complaint: the officers handling petitions in the agency, not its admin, not observers', () => {
    for (const r of [Role.RECEPTION_OFFICER, Role.SPECIALIST, Role.LEADER]) expect(mayReadIdentity(standingOf(who(r)), complaint, [])).toBe(true);
    for (const r of [Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN, Role.ANALYST]) expect(mayReadIdentity(standingOf(who(r)), complaint, [])).toBe(false);
  });

  it('sees petitions at all: the inspectorate’s officers and the observers', () => {
    expect([Role.RECEPTION_OFFICER, Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN, Role.ANALYST].map((r) => mayViewPetitions(standingOf(who(r))))).toEqual([true, true, true, true]);
    // An officer of an agency that handles no petitions (the land department).
    expect(mayViewPetitions(standingOf(who(Role.LEADER, 'x', '000.00.13.H37')))).toBe(false);
    expect(mayViewPetitions(standingOf(undefined))).toBe(false);
  });

  it('the body above the inspectorate (UBND tỉnh) handles the second complaints that reach it: its leader is the head there, without a designation', () => {
    const chairman = standingOf(who(Role.LEADER, 'chairman', '000.00.00.H37'));
    expect(mayViewPetitions(chairman)).toBe(true);
    expect(chairman.head).toEqual(['other']);
    // It records no petitions and no receptions of its own through this module; the inspectorate's head is still a designation.
    expect(chairman.receiving).toEqual([]);
    expect(standingOf(who(Role.LEADER)).head).toEqual([]);
    expect(mayReadIdentity(chairman, { ...complaint, agencyId: 'other' }, [])).toBe(true);
    expect(mayViewPetitions(standingOf(undefined))).toBe(false);
  });

  it('names what the caller is to a petition', () => {
    expect([...actorsOf(standingOf(who(Role.SPECIALIST)), AGENCY, ['acc-SPECIALIST'])]).toEqual([PetitionActor.ASSIGNED_INSPECTOR]);
    expect([...actorsOf(standingOf(who(Role.SPECIALIST)), AGENCY, [])]).toEqual([]);
    expect([...actorsOf(standingOf(head()), AGENCY, [])]).toEqual([PetitionActor.HEAD]);
    expect([...actorsOf(standingOf(who(Role.LEADER)), AGENCY, [])]).toEqual([]);
  });
});
