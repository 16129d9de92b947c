// The words of a usage error (exit 2): commander's messages in the CLI's own form, with one way of suggesting
// what was meant wherever a suggestion is made (commands, options, commands typed by analogy).
import { safeText } from './safe.js';

/** ` Did you mean 'a'?` or ` Did you mean one of 'a', 'b'?`; empty when there is nothing to suggest. */
export function didYouMean(names: readonly string[]): string {
  if (names.length === 0) return '';
  const list = names.map((n) => `'${safeText(n)}'`).join(', ');
  return names.length === 1 ? ` Did you mean ${list}?` : ` Did you mean one of ${list}?`;
}

/**
 * commander's message (`error: unknown option '--outptu'\n(Did you mean --output?)`) as a sentence with its
 * suggestion in the one form: `Unknown option '--outptu'. Did you mean '--output'?`.
 */
export function commanderUsageText(message: string): string {
  const [, head = message, names] = /^(?:error: )?([^\n]*?)\s*\(Did you mean (?:one of )?([^)]*)\?\)\s*$/s.exec(message) ?? [];
  const sentence = (names === undefined ? message.replace(/^error: /, '') : head).replace(/\n/g, ' ').trim();
  const text = `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}`;
  if (names === undefined) return safeText(/[.?!]$/.test(text) ? text : `${text}.`);
  return `${safeText(text.replace(/\.$/, ''))}.${didYouMean(names.split(', '))}`;
}

/**
 * The hint after "too many arguments": a name with spaces is one argument only in quotes, so
 * `service-id-create my app` gets `Quote a name that holds spaces: iamkeys service-id-create 'my app'`.
 */
export function quoteHint(command: string, words: readonly string[], positionals: readonly string[], expected: number): string {
  // The words typed are shown quoted only when they were typed together (not split by an option).
  const together = words.join('\0').includes(positionals.join('\0'));
  if (expected === 1 && positionals.length > 1 && together) {
    return `Quote a name that holds spaces, so it is one argument: iamkeys ${command} '${safeText(positionals.join(' '))}'`;
  }
  return "Quote a name that holds spaces, so it is one argument: 'my app'.";
}
