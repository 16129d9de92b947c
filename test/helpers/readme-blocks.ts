// The README's shell blocks as a script to run, in the order a reader meets them. The conventions, so that a
// new block is checked by adding it:
//   - every ```sh block runs, in order, each in a new bash, all in one working folder and one IAMKEYS_HOME;
//   - `<!-- readme-test: skip (why) -->` on the line before a block leaves it out (it needs IBM Cloud, or
//     runs the tests themselves); `<!-- readme-test: setup ... -->` runs only its `iamkeys` commands;
//   - a command exits 0 unless its comment says `exit N` (`# exit 5: the key is locked`); `prints TEXT` in
//     its comment (to the end of the line) means its output (stdout and stderr) holds TEXT, `…` standing for
//     anything;
//   - in a transcript block, the `$ ` lines are the commands and the others their output (not run).
import { readFileSync } from 'node:fs';

export interface ReadmeBlock {
  /** The README line of the opening fence. */
  line: number;
  kind: 'run' | 'setup' | 'skip';
  /** The block's lines, each with its README line number. */
  lines: { n: number; text: string }[];
}

export function readmeBlocks(path: string): ReadmeBlock[] {
  const all = readFileSync(path, 'utf8').split('\n');
  const blocks: ReadmeBlock[] = [];
  for (let i = 0; i < all.length; i++) {
    if (all[i] !== '```sh') continue;
    const marker = /<!-- readme-test: (skip|setup)\b/.exec(all[i - 1] ?? '')?.[1] as 'skip' | 'setup' | undefined;
    const lines: { n: number; text: string }[] = [];
    let j = i + 1;
    for (; j < all.length && all[j] !== '```'; j++) lines.push({ n: j + 1, text: all[j]! });
    blocks.push({ line: i + 1, kind: marker ?? 'run', lines });
    i = j;
  }
  return blocks;
}

interface Command {
  n: number;
  text: string;
  exit: number;
  prints?: string;
}

/** The commands of a block: continuation lines joined, transcript output left out, expectations read. */
function commands(block: ReadmeBlock): Command[] {
  const transcript = block.lines.some((l) => l.text.startsWith('$ '));
  const out: Command[] = [];
  let pending: { n: number; text: string } | undefined;
  for (const { n, text } of block.lines) {
    let t = text;
    if (transcript && !pending) {
      if (!t.startsWith('$ ')) continue;
      t = t.slice(2);
    }
    const joined = pending ? { n: pending.n, text: `${pending.text}\n${t}` } : { n, text: t };
    if (/\\$/.test(t)) {
      pending = joined;
      continue;
    }
    pending = undefined;
    const trimmed = joined.text.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const exit = /\s#.*\bexit (\d+)\b/.exec(joined.text)?.[1];
    const prints = /\s#.*?\bprints (.+)$/.exec(joined.text)?.[1];
    out.push({ n: joined.n, text: joined.text, exit: exit !== undefined ? Number(exit) : 0, ...(prints !== undefined ? { prints: prints.trim() } : {}) });
  }
  return out;
}

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** A glob for `case`: the text literal, `…` as `*`. */
const glob = (text: string): string => text.split('…').map((part) => (part === '' ? '' : shellQuote(part))).join('*');

/**
 * The bash script of one block: each command followed by a check of its exit code (and output), which stops the
 * script with exit 99 and the README line on stderr when it does not hold.
 */
export function blockScript(block: ReadmeBlock): string {
  const cmds = block.kind === 'setup'
    ? commands(block).flatMap((c) => c.text.split(' && ').filter((part) => part.startsWith('iamkeys ')).map((text) => ({ ...c, text })))
    : commands(block);
  const parts: string[] = [];
  for (const c of cmds) {
    const fail = (what: string): string => `{ echo ${shellQuote(`README.md:${c.n}: `)}"${what}" >&2; exit 99; }`;
    if (c.prints !== undefined) {
      parts.push(`__out=$( { ${c.text}\n} 2>&1 ); __rc=$?; printf '%s\\n' "$__out"`);
      parts.push(`case "$__out" in *${glob(c.prints)}*) ;; *) ${fail(`did not print ${c.prints.replace(/["$`\\]/g, '')}`)} ;; esac`);
    } else {
      parts.push(c.text, '__rc=$?');
    }
    parts.push(`[ "$__rc" -eq ${c.exit} ] || ${fail(`exit $__rc, expected ${c.exit}`)}`);
  }
  return `${parts.join('\n')}\n`;
}
