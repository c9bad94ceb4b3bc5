import { acceptRequestId, currentRequest, outsideRequest, REQUEST_ID_MAX_LENGTH, runInRequest } from './request-context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('request ids', () => {
  it("keeps a client's id when it is short and of the safe characters", () => {
    for (const id of ['abc', '01J9ZKQ7W3', 'req-42_a.b:c', 'a'.repeat(REQUEST_ID_MAX_LENGTH)]) expect(acceptRequestId(id)).toBe(id);
  });

  it('replaces anything else with a fresh UUID: too long, empty, spaces, quotes, control characters, repeated headers', () => {
    for (const id of ['a'.repeat(REQUEST_ID_MAX_LENGTH + 1), '', 'a b', 'x"}', 'line\nbreak', 'ü', '<script>', undefined, ['a', 'b']]) {
      const got = acceptRequestId(id as string | string[] | undefined);
      expect(got).toMatch(UUID);
      expect(got).not.toBe(id);
    }
    expect(acceptRequestId(undefined)).not.toBe(acceptRequestId(undefined));
  });

  it('is seen by everything a request starts, and by nothing started outside it', async () => {
    await runInRequest({ requestId: 'r-1' }, async () => {
      await new Promise((r) => setTimeout(r, 1));
      expect(currentRequest()?.requestId).toBe('r-1');
      outsideRequest(() => expect(currentRequest()).toBeUndefined());
    });
    expect(currentRequest()).toBeUndefined();
  });
});
