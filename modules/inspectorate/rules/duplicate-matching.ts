import { foldVietnamese } from '../../../src/kernel';

/**
 * Whether two petitions are the same matter, and what identifies a petitioner, for duplicate
 * detection (`services/duplicate.service.ts` reads the candidates). Similarity is trigram
 * similarity as PostgreSQL's pg_trgm computes it, done here on the few candidates the keyed hash
 * selects: the same answer without requiring an extension the database administrator may not
 * allow, and testable without a database.
 */

/** Subjects (and respondents) this similar or more are the same matter. */
const SIMILARITY_THRESHOLD = 0.6;

/** Lower case, no diacritics (đ → d), words of letters and digits separated by one space. */
export function foldText(s: string): string {
  return foldVietnamese(s.normalize('NFC'))
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The trigrams of a folded text, pg_trgm style: each word padded with two spaces before and one after. */
export function trigrams(folded: string): Set<string> {
  const out = new Set<string>();
  for (const word of folded.split(' ')) {
    if (!word) continue;
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  }
  return out;
}

/** Shared trigrams over all trigrams (0 … 1), as pg_trgm's `similarity()`. */
export function similarity(a: string, b: string): number {
  const x = trigrams(foldText(a));
  const y = trigrams(foldText(b));
  if (!x.size && !y.size) return 0;
  let shared = 0;
  for (const t of x) if (y.has(t)) shared++;
  return shared / (x.size + y.size - shared);
}

/** Whether two petitions are about the same matter against the same person or body. */
export function sameMatter(a: { subject: string; respondent: string | null }, b: { subject: string; respondent: string | null }): boolean {
  if (similarity(a.subject, b.subject) < SIMILARITY_THRESHOLD) return false;
  if (!a.respondent || !b.respondent) return !a.respondent && !b.respondent;
  return similarity(a.respondent, b.respondent) >= SIMILARITY_THRESHOLD;
}

/** What identifies a petitioner for duplicate detection: the CCCD, or else the folded name and address. */
export function petitionerIdentityKeyText(p: { fullName: string; identityNumber?: string | null; address?: string | null }): string | null {
  if (p.identityNumber) return `id:${p.identityNumber.trim()}`;
  if (p.address) return `name-address:${foldText(p.fullName)}|${foldText(p.address)}`;
  return null;
}
