// Display width of a cell: East Asian wide and fullwidth characters take two columns, combining marks none.
// (string-width does the same and more, but loading its emoji tables costs ~35 ms per command.)
import { eastAsianWidth } from 'get-east-asian-width';

const COMBINING = /\p{Mn}|\p{Me}|\u200d|[\ufe00-\ufe0f]/u;

// Printable ASCII is one column a character; most cells are only that, and the Unicode property classes
// below cost milliseconds to compile, so they are met only when a cell needs them.
// eslint-disable-next-line no-control-regex
const ASCII = /^[\x20-\x7e]*$/;

export function displayWidth(s: string): number {
  if (ASCII.test(s)) return s.length;
  let w = 0;
  for (const ch of s) w += charWidth(ch);
  return w;
}

const charWidth = (ch: string): number => (COMBINING.test(ch) ? 0 : eastAsianWidth(ch.codePointAt(0)!));

/** s cut to at most `max` columns, ending in `…` when cut (a wide character is never split). */
export function truncateToWidth(s: string, max: number): string {
  if (displayWidth(s) <= max) return s;
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = ASCII.test(ch) ? 1 : charWidth(ch);
    if (w + cw > max - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}
