// Characters that must not reach a terminal as they are, and the ones a name may not hold at all.
//   - Controls (C0, DEL, C1) and the line/paragraph separators: they move the cursor, clear the screen, set
//     the window title (ESC, OSC) or break a line.
//   - Format characters (Unicode Cf) and default-ignorable code points: zero-width spaces and joiners, bidi
//     marks, overrides and isolates, the BOM, the soft hyphen, fillers. They show nothing or reorder the text
//     around them, so `pro\u200bd` looks exactly like `prod`.
// The Unicode property classes cost milliseconds to compile, so they are built on first use, and plain ASCII
// (nearly every name and message) never needs them.

// eslint-disable-next-line no-control-regex
const PLAIN = /^[\x20-\x7e]*$/;

let invisible: RegExp | undefined;
let unsafe: RegExp | undefined;

/** Whether s holds a format or default-ignorable character (see above). */
export function hasInvisibleChars(s: string): boolean {
  if (PLAIN.test(s)) return false;
  invisible ??= /[\p{Cf}\p{Default_Ignorable_Code_Point}]/u;
  return invisible.test(s);
}

/** Why a name holding such characters is refused, or undefined. */
export function invisibleNameProblem(name: string, what: string): string | undefined {
  if (!hasInvisibleChars(name)) return undefined;
  return `The ${what} name contains invisible or text-direction characters (such as U+200B or U+202E), which would make it look like another name.`;
}

const escapeChar = (c: string): string => {
  const code = c.codePointAt(0)!;
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  return code <= 0xffff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\u{${code.toString(16)}}`;
};

/** s with every control, separator, format and default-ignorable character written as an escape (\x1b, \u200b). */
export function escapeText(s: string): string {
  if (PLAIN.test(s)) return s;
  // eslint-disable-next-line no-control-regex
  unsafe ??= /[\u0000-\u001f\u007f-\u009f\u2028\u2029\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
  return s.replace(unsafe, escapeChar);
}

let unsafeInJson: RegExp | undefined;

/**
 * JSON text with what JSON.stringify leaves raw inside strings but terminals act on (C1, separators, format and
 * default-ignorable characters) written as \u escapes, which any JSON reader turns back into the same text.
 */
export function escapeJsonText(json: string): string {
  if (PLAIN.test(json.replace(/\n/g, ''))) return json;
  unsafeInJson ??= /[\u007f-\u009f\u2028\u2029\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
  return json.replace(unsafeInJson, (c) => c.split('').map((u) => `\\u${u.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''));
}
