// Bash hands a completion function the word as typed, quotes and backslashes included: it is unquoted before
// it is compared with names. What bash inserts is what the function answers, as it is (no `-o filenames`:
// bash's filename hooks expand `$…` in a candidate), so each name is answered quoted for the place it goes:
// after the opening quote the cursor is in (`'`, `"`), or bare.

/** Where a point in a bash word stands: outside quotes, or inside a quote opened with ' or ". */
export type BashQuoting = 'bare' | "'" | '"';

/** Reads a bash word: its value (an unclosed quote taken as closed, a trailing lone backslash dropped) and the
 *  quoting its end stands in. */
function readBashWord(word: string): { value: string; end: BashQuoting } {
  let value = '';
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < word.length; i++) {
    const c = word[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else value += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < word.length && '"\\$`'.includes(word[i + 1]!)) value += word[++i];
      else if (!(c === '\\' && i + 1 === word.length)) value += c;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '\\') {
      if (i + 1 < word.length) value += word[++i];
    } else {
      value += c;
    }
  }
  return { value, end: quote ?? 'bare' };
}

/** The word as the shell would pass it to a command; an unclosed quote is taken as closed. */
export const bashUnquote = (word: string): string => readBashWord(word).value;

/** The quoting the end of a bash word stands in. */
export const bashQuotingAt = (word: string): BashQuoting => readBashWord(word).end;

/** text written so that bash, reading it where `at` stands, gets text back and expands nothing. Inside "…" a `!`
 *  leaves the double quotes for single ones: a backslash would not stop history expansion there. */
export function bashQuoteFor(at: BashQuoting, text: string): string {
  if (at !== 'bare') {
    const inside = at === "'" ? text.replace(/'/g, `'\\''`) : text.replace(/[\\"$`]/g, '\\$&').replace(/!/g, `"'!'"`);
    // Readline closes the quote after a full match, unless the line already ends with that quote character: a
    // name ending in one (written \" or '\'') gets its closing quote here.
    return inside.endsWith(at) ? `${inside}${at}` : inside;
  }
  // Bare: every ASCII character but letters, digits and _./@%+-, gets a backslash (also `:` and `=`, which
  // would otherwise split the word for the next TAB); other characters are letters of some script. A comma is
  // literal once braces are escaped, and stays bare so a role list (--roles Reader,Writer) reads as typed.
  return text.replace(/[\x00-\x7f]/g, (c) => (/[A-Za-z0-9_./@%+,-]/.test(c) ? c : `\\${c}`));
}

/** Single-quoted for bash and zsh scripts (a quote inside is closed, escaped and reopened). */
export const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
