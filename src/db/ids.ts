import { randomBytes } from 'node:crypto';

/**
 * UUID version 7 (RFC 9562): time-ordered, so new rows land at the end of the primary-key
 * index and ids sort roughly by creation time.
 */
export function uuidv7(now = Date.now()): string {
  const b = randomBytes(16);
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Letters and digits that cannot be misread on paper (no 0/O, 1/I/L). */
const SECRET_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A random code of `length` characters (≈ 4.9 bits each) to print on a receipt. */
export function lookupSecret(length = 10): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += SECRET_ALPHABET[b % SECRET_ALPHABET.length];
  return out;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(s: string): boolean {
  return UUID_RE.test(s);
}
