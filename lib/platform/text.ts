// Text rules for whatever users write that others may see (nicknames, comments, titles, game
// names): length in characters (an emoji counts once), and no characters that hide or disguise
// text: controls, invisible format characters, bidi overrides, unpaired surrogates.

export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** True when `text` has a C0/C1 control character other than those in `allowed`. */
export function hasControlCharacters(text: string, allowed = ''): boolean {
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f);
    if (control && !allowed.includes(ch)) return true;
  }
  return false;
}

/** Zero-width and other invisible format characters, the bidi marks, embeddings, overrides and
 * isolates. The joiners (U+200C/U+200D) stay: emoji sequences and several scripts need them. */
const INVISIBLE_OR_BIDI =
  /[\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb]|\udb40[\udc00-\udc7f]/;
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?:^|[^\ud800-\udbff])[\udc00-\udfff]/;

/** Why `text` may not be shown to others, or undefined when it may. */
export function textProblem(text: string, allowed = ''): string | undefined {
  if (UNPAIRED_SURROGATE.test(text)) return 'must be valid Unicode (no unpaired surrogates)';
  if (hasControlCharacters(text, allowed)) return 'must not contain control characters';
  if (INVISIBLE_OR_BIDI.test(text)) return 'must not contain invisible or text-direction characters';
  return undefined;
}
