import { foldText } from './duplicate-matching';

/** The parts of an identity that must not be copied into text others read. */
export interface GuardedIdentity {
  fullName: string | null;
  identityNumber?: string | null;
  phone?: string | null;
}

/**
 * Whether `text` repeats the petitioner's name (as whole words, when the name has at least two),
 * identity number or phone number (digits, whatever the separators). Used on the subject of a
 * denunciation and on officers' notes, which are shown to people who must not learn who filed it.
 */
export function repeatsIdentity(text: string | null | undefined, id: GuardedIdentity): boolean {
  if (!text) return false;
  const folded = ` ${foldText(text)} `;
  const name = id.fullName ? foldText(id.fullName) : '';
  if (name.split(' ').length >= 2 && folded.includes(` ${name} `)) return true;
  const digits = text.replace(/[\s.\-()+]/g, '');
  for (const n of [id.identityNumber, id.phone]) {
    const d = n?.replace(/\D/g, '') ?? '';
    // A phone may be written +84… or 0…: compare without the leading trunk prefix.
    const core = d.replace(/^(84|0)/, '');
    if (core.length >= 8 && digits.includes(core)) return true;
  }
  return false;
}
