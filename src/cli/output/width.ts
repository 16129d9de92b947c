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
  for (const ch of s) {
    if (COMBINING.test(ch)) continue;
    w += eastAsianWidth(ch.codePointAt(0)!);
  }
  return w;
}
