// Text that came from IAM is shown escaped: a name holding an ANSI escape, a newline or a bidi override must
// not repaint the terminal or forge an output line.

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const escapeChar = (c: string): string => {
  const code = c.codePointAt(0)!;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

export const safeText = (s: string): string => s.replace(UNSAFE, escapeChar);

/** What the user typed, escaped and in quotes, for plain messages (errors, prompts); Ui.name highlights it instead. */
export const quoted = (arg: string): string => `'${safeText(arg)}'`;

// What JSON.stringify leaves raw inside strings (it escapes C0 itself; the newlines of indentation are C0 too).
const UNSAFE_IN_JSON = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** JSON with the characters JSON.stringify leaves raw but terminals act on (C1, separators, bidi) escaped. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(UNSAFE_IN_JSON, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}
