import { canonical, firstDifference, median, pairRatios } from '../../bench/peer/compare';
import { PEER_SUITE } from '../../bench/peer/operations';

/** The figures and the equivalence check of the peer benchmark (bench/peer/peer.bench.ts). */
describe('peer benchmark figures', () => {
  it('takes the median of odd and even counts, whatever the order', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(() => median([])).toThrow();
  });

  it('gives the ratio of each pair and their median, not the ratio of the medians', () => {
    const r = pairRatios([
      { oneDoorRps: 200, peerRps: 100 },
      { oneDoorRps: 90, peerRps: 100 },
      { oneDoorRps: 300, peerRps: 100 },
    ]);
    expect(r.ratios).toEqual([2, 0.9, 3]);
    expect(r.median).toBe(2);
  });
});

describe('peer benchmark equivalence check', () => {
  it('reads PostgreSQL and JavaScript instants alike, truncated to milliseconds', () => {
    expect(canonical('2026-12-07T10:00:00.123456+00:00')).toBe('2026-12-07T10:00:00.123Z');
    expect(canonical('2026-12-07T17:00:00.1239+07:00')).toBe('2026-12-07T10:00:00.123Z');
    expect(canonical('2026-12-07T10:00:00Z')).toBe('2026-12-07T10:00:00.000Z');
    expect(firstDifference({ at: '2026-12-07T10:00:00.123999+00:00' }, { at: '2026-12-07T10:00:00.123Z' })).toBeNull();
  });

  it('reads numeric strings (BigInt, BigFloat) as numbers, other strings (codes, phone numbers) as they are', () => {
    expect(canonical('225000')).toBe(225000);
    expect(canonical('512.5')).toBe(512.5);
    expect(canonical('000.13.01.H37')).toBe('000.13.01.H37');
    expect(canonical('0912345678')).toBe('0912345678');
  });

  it('finds no difference between equal rows with keys in another order, null and absent alike', () => {
    expect(firstDifference([{ a: 1, b: { c: 'x', d: null } }], [{ b: { d: undefined, c: 'x' }, a: 1 }])).toBeNull();
  });

  it('names the first differing value, a missing row and a different order', () => {
    expect(firstDifference([{ id: 'a', n: 1 }], [{ id: 'a', n: 2 }])).toBe('$[0].n: 1 ≠ 2');
    expect(firstDifference([{ id: 'a' }, { id: 'b' }], [{ id: 'a' }])).toBe('$: 2 items ≠ 1 items');
    expect(firstDifference([{ id: 'a' }, { id: 'b' }], [{ id: 'b' }, { id: 'a' }])).toBe('$[0].id: "a" ≠ "b"');
    expect(firstDifference({ history: [] }, { history: null })).toBe('$.history: [] ≠ null');
    expect(firstDifference({ x: 'only here' }, {})).toBe('$.x: "only here" ≠ undefined');
  });

  it('maps both servers’ answers of each operation to the same rows (a check that can fail)', () => {
    const inbox = PEER_SUITE.find((o) => o.key === 'analyst-inbox')!;
    const node = { id: 'd1', code: 'C-1', submittedAt: '2026-12-01T01:02:03.456Z', dueAt: null, procedure: { code: 'P', name: 'Thủ tục' }, holdingAgency: { code: 'A', name: 'Cơ quan' } };
    const history = [{ action: 'receive', actorName: 'Võ Thị Mai Anh', at: '2026-12-01T01:02:03.456Z', note: null }];
    const oneDoor = { dossiers: { edges: [{ node: { ...node, state: { key: 'RECEIVED', label: 'Đã tiếp nhận' }, nationalStatus: { code: 2, name: 'Đang xử lý' }, applicant: { name: 'N*** V*** A' }, history } }] } };
    const peer = { dossiers: { nodes: [{ ...node, submittedAt: '2026-12-01T01:02:03.456789+00:00', state: 'RECEIVED', nationalStatus: 2, applicantName: 'Nguyễn Văn An', dossierHistories: { nodes: history } }] } };
    expect(firstDifference(inbox.oneDoorRows(oneDoor), inbox.peerRows(peer))).toBeNull();
    peer.dossiers.nodes[0].nationalStatus = 4;
    expect(firstDifference(inbox.oneDoorRows(oneDoor), inbox.peerRows(peer))).toBe('$[0].nationalStatus: 2 ≠ 4');
  });

  it('has one key per operation and covers the operations issue 16 lists', () => {
    const keys = PEER_SUITE.map((o) => o.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(
      expect.arrayContaining(['analyst-inbox', 'officer-inbox', 'officer-inbox-actions', 'dossier-details', 'procedures', 'incoming-documents', 'land-parcels', 'track-dossier']),
    );
  });
});
