// Display width of a cell: East Asian wide and fullwidth characters take two columns, combining marks none.
// (string-width does the same and more, but loading its emoji tables costs ~35 ms per command.)
import { eastAsianWidth } from 'get-east-asian-width';

const COMBINING = /\p{Mn}|\p{Me}|\u200d|[\ufe00-\ufe0f]/u;

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    if (COMBINING.test(ch)) continue;
    w += eastAsianWidth(ch.codePointAt(0)!);
  }
  return w;
}
