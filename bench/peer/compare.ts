/**
 * The pure parts of the peer benchmark: figures over pairs of runs and the equivalence check of
 * two servers' answers (test/bench/peer-compare.spec.ts).
 */

/** Median of a non-empty list (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (!values.length) throw new Error('median of nothing');
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** One alternating pair: OneDoor's run and PostGraphile's run right after it. */
export interface PairFigures {
  oneDoorRps: number;
  peerRps: number;
}

/** The pairs' ratios OneDoor/PostGraphile and their median (the pair is the unit: both sides saw the same machine load). */
export function pairRatios(pairs: readonly PairFigures[]): { ratios: number[]; median: number } {
  const ratios = pairs.map((p) => (p.peerRps > 0 ? p.oneDoorRps / p.peerRps : Number.POSITIVE_INFINITY));
  return { ratios, median: median(ratios) };
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * One value in the form both servers' answers are compared in: instants as UTC ISO strings at
 * millisecond precision (PostgreSQL keeps microseconds, OneDoor's DateTime milliseconds, and one
 * prints `+00:00` where the other prints `Z`), numeric strings without a leading zero
 * (PostGraphile's BigInt and BigFloat) as numbers, objects with their keys sorted; anything else as is.
 */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  if (typeof value === 'string') {
    if (ISO_INSTANT.test(value)) {
      // Truncate (not round) to milliseconds, as a JavaScript Date built from a PostgreSQL timestamp does.
      const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(.*)$/.exec(value)!;
      const ms = (m[2] ?? '').padEnd(3, '0').slice(0, 3);
      return new Date(`${m[1]}.${ms}${m[3]}`).toISOString();
    }
    // Not a leading zero: "0912345678" is a phone number, not 912345678.
    if (/^-?(0|[1-9]\d*)(\.\d+)?$/.test(value) && value.length < 16) return Number(value);
  }
  return value;
}

/**
 * Where two answers first differ, after `canonical`: a path and both values, or null when they
 * are equal (same rows, same values, same order).
 */
export function firstDifference(a: unknown, b: unknown, path = '$'): string | null {
  const x = canonical(a);
  const y = canonical(b);
  return diff(x, y, path);
}

function diff(x: unknown, y: unknown, path: string): string | null {
  if (Array.isArray(x) || Array.isArray(y)) {
    if (!Array.isArray(x) || !Array.isArray(y)) return `${path}: ${show(x)} ≠ ${show(y)}`;
    if (x.length !== y.length) return `${path}: ${x.length} items ≠ ${y.length} items`;
    for (let i = 0; i < x.length; i++) {
      const d = diff(x[i], y[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (x && y && typeof x === 'object' && typeof y === 'object') {
    const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].sort();
    for (const k of keys) {
      const d = diff((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return Object.is(x, y) || (x === null && y === undefined) || (x === undefined && y === null) ? null : `${path}: ${show(x)} ≠ ${show(y)}`;
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? 'undefined' : s.length > 120 ? `${s.slice(0, 117)}…` : s;
}
