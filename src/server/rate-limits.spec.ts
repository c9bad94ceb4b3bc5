import 'reflect-metadata';
import type { IncomingMessage } from 'node:http';
import { buildSchema, parse } from 'graphql';
import { addressKey } from '../db/rate-limit-store';
import { clientAddressOf, countLimitedFields } from './rate-limits';

const schema = buildSchema(`type Query { track(n: Int): Int  other: Int  estimate: Int }  type Mutation { login(u: String): Int }`);
schema.getQueryType()!.getFields().track.extensions = { rateLimit: 'lookup' };
schema.getQueryType()!.getFields().estimate.extensions = { rateLimit: 'lookup' };
schema.getMutationType()!.getFields().login.extensions = { rateLimit: 'login' };

describe('countLimitedFields', () => {
  it('counts each alias of a limited root field, not other fields', () => {
    expect(countLimitedFields(schema, parse(`{ a: track(n: 1) b: track(n: 2) track other estimate }`))).toEqual(new Map([['lookup', 4]]));
    expect(countLimitedFields(schema, parse(`mutation { a: login(u: "x") b: login(u: "y") }`))).toEqual(new Map([['login', 2]]));
    expect(countLimitedFields(schema, parse(`{ other }`)).size).toBe(0);
  });

  it('counts fields reached through fragments, once per response key, in linear time', () => {
    // 30 levels of fragments each spreading the previous twice: executed once per response key.
    const levels = Array.from({ length: 30 }, (_, i) => `fragment F${i + 1} on Query { ...F${i} ...F${i} x${i}: track }`);
    const doc = parse(`query Q { ...F30 ... on Query { y: track } } fragment F0 on Query { track } ${levels.join(' ')}`);
    const started = Date.now();
    expect(countLimitedFields(schema, doc, 'Q')).toEqual(new Map([['lookup', 32]]));
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('client addresses', () => {
  const req = (remote: string, xff?: string) => ({ socket: { remoteAddress: remote }, headers: xff ? { 'x-forwarded-for': xff } : {} }) as unknown as IncomingMessage;
  const loopback = (a: string) => a === '127.0.0.1';

  it('believes X-Forwarded-For only through trusted hops', () => {
    expect(clientAddressOf(req('203.0.113.9', '1.2.3.4'), loopback)).toBe('203.0.113.9');
    expect(clientAddressOf(req('127.0.0.1', '1.2.3.4'), loopback)).toBe('1.2.3.4');
    expect(clientAddressOf(req('127.0.0.1', 'forged, 1.2.3.4'), loopback)).toBe('1.2.3.4');
    expect(clientAddressOf(req('127.0.0.1'), loopback)).toBe('127.0.0.1');
  });

  it('keys IPv4 as is and IPv6 by its /64', () => {
    expect(addressKey('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey(undefined)).toBe('unknown');
  });
});
