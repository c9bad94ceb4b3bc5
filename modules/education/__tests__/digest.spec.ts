import { digestCutoff, digestDedupeKey, groupForDigest } from '../rules/digest';

describe('the daily digest', () => {
  it('closes the local day at the digest hour (Asia/Ho_Chi_Minh, UTC+7)', () => {
    // 20:00 local on the 27th → 19:00 local on the 27th.
    expect(digestCutoff(new Date('2026-11-27T13:00:00Z'), 19)).toEqual({ cutoff: new Date('2026-11-27T12:00:00Z'), day: '2026-11-27' });
    // 07:30 local on the 28th → still the 27th's digest (a run that missed the evening).
    expect(digestCutoff(new Date('2026-11-28T00:30:00Z'), 19)).toEqual({ cutoff: new Date('2026-11-27T12:00:00Z'), day: '2026-11-27' });
    // 18:59 local on the 27th → the 26th's.
    expect(digestCutoff(new Date('2026-11-27T11:59:00Z'), 19).day).toBe('2026-11-26');
    // 06:00 local is still the previous UTC day: the local day is what counts.
    expect(digestCutoff(new Date('2026-11-27T23:30:00Z'), 6)).toEqual({ cutoff: new Date('2026-11-27T23:00:00Z'), day: '2026-11-28' });
  });

  it('groups pending items by guardian, oldest first, leaving those after the cutoff for the next day', () => {
    const cutoff = new Date('2026-11-27T12:00:00Z');
    const rows = [
      { guardianId: 'g1', createdAt: new Date('2026-11-27T11:59:00Z'), id: 'late-afternoon' },
      { guardianId: 'g2', createdAt: new Date('2026-11-27T02:00:00Z'), id: 'g2-morning' },
      { guardianId: 'g1', createdAt: new Date('2026-11-27T01:00:00Z'), id: 'morning' },
      { guardianId: 'g1', createdAt: new Date('2026-11-27T12:01:00Z'), id: 'after-19h' },
      { guardianId: 'g1', createdAt: new Date('2026-11-26T13:00:00Z'), id: 'yesterday-evening' },
    ];
    const groups = groupForDigest(rows, cutoff);
    expect([...groups.keys()]).toEqual(['g1', 'g2']);
    expect(groups.get('g1')!.map((r) => r.id)).toEqual(['yesterday-evening', 'morning', 'late-afternoon']);
    expect(groups.get('g2')!.map((r) => r.id)).toEqual(['g2-morning']);
  });

  it('keys one message per guardian, local day and channel', () => {
    expect(digestDedupeKey('g1', '2026-11-27', 'SMS')).toBe('education.digest:g1:2026-11-27:SMS');
  });
});
