// Text that came from IAM is shown escaped: a name holding an ANSI escape, a newline, a bidi override or a
// zero-width character must not repaint the terminal, forge an output line or pass for another name.
import { escapeJsonText, escapeText } from '../../wire/unsafe-text.js';

export const safeText = (s: string): string => escapeText(s);

/** What the user typed, escaped and in quotes, for plain messages (errors, prompts); Ui.name highlights it instead. */
export const quoted = (arg: string): string => `'${safeText(arg)}'`;

/** JSON with the characters JSON.stringify leaves raw but terminals act on (C1, separators, bidi, invisible) escaped. */
export function safeJson(value: unknown): string {
  return escapeJsonText(JSON.stringify(value, null, 2));
}
