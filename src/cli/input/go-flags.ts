// ibmcloud is written in Go, whose flag parsers take a long option with one dash as well as two, and scripts
// rely on it (`ibmcloud login -apikey "$KEY"`, `-apikey=KEY`). commander would read `-apikey` as `-a pikey`, so
// before parsing, a single-dash word that is a long option of the command becomes its two-dash form.
import type { CommandSpec } from '../spec.js';

interface LongOption {
  name: string;
  takesValue: boolean;
}

function longOptions(flags: string[]): LongOption[] {
  return flags.flatMap((f) => {
    const m = /--([a-z][a-z0-9-]*)(\s+[<[])?/.exec(f);
    return m ? [{ name: m[1]!, takesValue: m[2] !== undefined }] : [];
  });
}

/** Options that take a value, by every spelling (`-a`, `--apikey`), so their values are never rewritten. */
function valueTaking(flags: string[]): Set<string> {
  const names = new Set<string>();
  for (const f of flags) {
    if (!/[<[]/.test(f)) continue;
    for (const m of f.matchAll(/(^|[\s,])(-{1,2}[a-z][a-z0-9-]*)/g)) names.add(m[2]!);
  }
  return names;
}

export function goLongFlags(argv: string[], specs: CommandSpec[], globalFlags: string[]): string[] {
  const at = argv[0] === 'iam' ? 1 : 0;
  const spec = specs.find((s) => s.name === argv[at]);
  if (!spec) return argv;
  const flags = [...spec.options.map((o) => o.flags), ...globalFlags];
  const longs = new Map(longOptions(flags).map((o) => [o.name, o]));
  const withValue = valueTaking(flags);
  const out = argv.slice(0, at + 1);
  for (let i = at + 1; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const m = /^-([a-z][a-z0-9-]+)(=.*)?$/s.exec(word);
    const long = m ? longs.get(m[1]!) : undefined;
    const spelled = long ? `-${word}` : word;
    out.push(spelled);
    const name = spelled.split('=')[0]!;
    if (!spelled.includes('=') && withValue.has(name) && i + 1 < argv.length) out.push(argv[++i]!);
  }
  return out;
}
