import { DocumentNode, parse } from 'graphql';
import { admissionPlugin } from './admission';

/** Drives the plugin's hooks as Apollo does, for documents of given costs. */
function harness(maxCostInFlight: number, maxQueued = 10) {
  const costs = new Map<DocumentNode, number>();
  const plugin = admissionPlugin({ maxCostInFlight, freeCost: 10, maxQueued }, (d) => costs.get(d));
  const order: string[] = [];
  const start = async (name: string, cost: number) => {
    const document = parse(`{ __typename }`);
    costs.set(document, cost);
    const listener = (await plugin.requestDidStart!({} as never))!;
    const admitted = (listener.didResolveOperation!({ document } as never) as Promise<void>).then(() => order.push(name));
    return { admitted, done: () => listener.willSendResponse!({} as never) };
  };
  return { start, order };
}

const tick = () => new Promise((r) => setTimeout(r, 20));

describe('admission by cost in flight', () => {
  it('runs heavy operations one after the other beyond the budget; cheap ones never wait', async () => {
    const h = harness(100);
    const a = await h.start('a', 80);
    const b = await h.start('b', 80);
    const cheap = await h.start('cheap', 5);
    await tick();
    expect(h.order).toEqual(['a', 'cheap']);
    await new Promise((r) => setTimeout(r, 30)); // a runs 30 ms …
    await a.done();
    await new Promise((r) => setImmediate(r));
    expect(h.order).toEqual(['a', 'cheap']); // … and rests as long before b is admitted
    await new Promise((r) => setTimeout(r, 200));
    expect(h.order).toEqual(['a', 'cheap', 'b']);
    await b.done();
    await cheap.done();
  });

  it('lets one operation costlier than the budget run alone, and refuses past the queue with SERVER_BUSY', async () => {
    const h = harness(100, 1);
    const huge = await h.start('huge', 500);
    await tick();
    expect(h.order).toEqual(['huge']);
    const waiting = await h.start('waiting', 50);
    const refused = await h.start('refused', 50);
    await expect(refused.admitted).rejects.toMatchObject({ extensions: { code: 'SERVER_BUSY', http: { status: 503 } } });
    await huge.done();
    await waiting.admitted;
    expect(h.order).toEqual(['huge', 'waiting']);
  });
});
