// Bash hands a completion function the word as typed, quotes and backslashes included: it is unquoted before
// it is compared with names. (The names answered are quoted by readline, as file names are.)

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


/** Single-quoted for bash and zsh scripts (a quote inside is closed, escaped and reopened). */
export const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
