// Text rules shared by user-facing fields: length in characters (an emoji counts once) and
// control characters.

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
