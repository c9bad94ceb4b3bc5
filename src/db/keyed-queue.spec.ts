import { KeyedQueue } from './keyed-queue';

const tick = () => new Promise((r) => setImmediate(r));

describe('KeyedQueue', () => {
  it('runs the work for one key one at a time, in arrival order, and other keys beside it', async () => {
    const q = new KeyedQueue();
    const log: string[] = [];
    let releaseFirst!: () => void;
    const first = q.run('a', () => new Promise<string>((r) => (releaseFirst = () => r('a1'))).then((v) => (log.push(v), v)), () => 'busy');
    const second = q.run('a', async () => (log.push('a2'), 'a2'), () => 'busy');
    const other = q.run('b', async () => (log.push('b1'), 'b1'), () => 'busy');
    await tick();
    expect(log).toEqual(['b1']);
    releaseFirst();
    expect(await Promise.all([first, second, other])).toEqual(['a1', 'a2', 'b1']);
    expect(log).toEqual(['b1', 'a1', 'a2']);
  });

  it('answers busy at once past the bound, and carries on after a failure', async () => {
    const q = new KeyedQueue(2);
    let release!: () => void;
    const held = q.run('k', () => new Promise<string>((r) => (release = () => r('done'))), () => 'busy');
    const queued = q.run('k', async () => 'next', () => 'busy');
    expect(await q.run('k', async () => 'third', () => 'busy')).toBe('busy');
    release();
    expect(await Promise.all([held, queued])).toEqual(['done', 'next']);
    await expect(q.run('k', async () => Promise.reject(new Error('boom')), () => 'busy')).rejects.toThrow('boom');
    expect(await q.run('k', async () => 'after', () => 'busy')).toBe('after');
  });

  it('lets one caller hold at most two places of a key, so nobody fills another’s queue', async () => {
    const q = new KeyedQueue(32, 2);
    let release!: () => void;
    const held = q.run('dossier', () => new Promise<string>((r) => (release = () => r('first'))), () => 'busy', 'mallory');
    const second = q.run('dossier', async () => 'second', () => 'busy', 'mallory');
    expect(await q.run('dossier', async () => 'third', () => 'busy', 'mallory')).toBe('busy');
    // The officer still gets a place, and mallory one on another key.
    const officer = q.run('dossier', async () => 'officer', () => 'busy', 'officer');
    expect(await q.run('other', async () => 'elsewhere', () => 'busy', 'mallory')).toBe('elsewhere');
    release();
    expect(await Promise.all([held, second, officer])).toEqual(['first', 'second', 'officer']);
    expect(await q.run('dossier', async () => 'again', () => 'busy', 'mallory')).toBe('again');
  });
});
