// Bash hands a completion function the word as typed, quotes and backslashes included, and inserts what the
// function answers as it is. So the typed word is unquoted before it is compared with names, and a name is
// escaped before it is answered: `my\ app` for `my app`.

/** The word as the shell would pass it to a command; an unclosed quote is taken as closed. */
export function bashUnquote(word: string): string {
  let out = '';
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < word.length; i++) {
    const c = word[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else out += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < word.length && '"\\$`'.includes(word[i + 1]!)) out += word[++i];
      else out += c;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '\\' && i + 1 < word.length) {
      out += word[++i];
    } else {
      out += c;
    }
  }
  return out;
}

/** A backslash before every character the shell would treat specially. */
export const bashEscape = (s: string): string => s.replace(/[^A-Za-z0-9_\-.,:/@+%^]/g, (c) => `\\${c}`);
