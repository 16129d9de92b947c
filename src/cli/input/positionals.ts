// The arguments of a command line that are not options or option values, for the hint after "too many
// arguments" (a name with spaces typed without quotes).
import type { CommandSpec } from '../spec.js';
import { GLOBALS } from '../program.js';

export function positionals(words: readonly string[], spec: CommandSpec): string[] {
  const takesValue = new Set<string>();
  for (const o of [...spec.options, ...GLOBALS]) {
    if (!/[<[]/.test(o.flags)) continue;
    for (const f of o.flags.split(/[ ,]+/)) if (f.startsWith('-')) takesValue.add(f);
  }
  const found: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '--') return [...found, ...words.slice(i + 1)];
    if (w.startsWith('-') && w.length > 1) {
      if (takesValue.has(w)) i++;
      continue;
    }
    found.push(w);
  }
  return found;
}
