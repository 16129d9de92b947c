// The [y/N] rules (src/cli/input/confirm.ts) and the piped-stdin prompter (src/cli/input/prompt.ts), without a store.
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { confirmOrThrow } from '../../src/cli/input/confirm.js';
import { CliError, DeclinedError } from '../../src/cli/errors.js';
import type { IO } from '../../src/cli/input/io.js';
import { LinePrompter, LineReader } from '../../src/cli/input/prompt.js';
import { ScriptedPrompter } from '../helpers/run-cli.js';

function io(stdin: string | Readable, o: { tty?: boolean; env?: Record<string, string> } = {}): IO & { err: () => string } {
  let err = '';
  return {
    stdout: { write: () => { throw new Error('nothing may be written to stdout'); } },
    stderr: { write: (s: string) => { err += s; return true; } },
    stdin: typeof stdin === 'string' ? Readable.from(stdin === '' ? [] : [stdin]) : stdin,
    stdinIsTTY: o.tty ?? false,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: o.env ?? {},
    err: () => err,
  };
}

describe('LinePrompter (stdin piped)', () => {
  it.each([
    ['y\n', true], ['Y\n', true], ['yes\n', true], [' YES \n', true], ['y\r\n', true], ['y', true],
    ['n\n', false], ['no\n', false], ['\n', false], ['N', false],
  ])('%j → %j', async (input, expected) => {
    const stream = io(input);
    expect(await new LinePrompter(stream).confirm('Go?')).toBe(expected);
    expect(stream.err()).toBe(`Go? [y/N]> ${input.replace(/\r?\n$/, '')}\n`);
  });

  it('at end of input: undefined, after the prompt', async () => {
    const stream = io('');
    expect(await new LinePrompter(stream).confirm('Go?')).toBeUndefined();
    expect(stream.err()).toBe('Go? [y/N]> \n');
  });

  it('asks again after an unclear answer, and ends when input ends', async () => {
    const stream = io('maybe\nsure\n');
    expect(await new LinePrompter(stream).confirm('Go?')).toBeUndefined();
    expect(stream.err()).toBe("Go? [y/N]> maybe\nPlease enter 'y', 'n', 'yes' or 'no'.\nGo? [y/N]> sure\nPlease enter 'y', 'n', 'yes' or 'no'.\nGo? [y/N]> \n");
  });

  it('reads one line per question: later lines answer later questions', async () => {
    const prompter = new LinePrompter(io('y\nn\nyes\n'));
    expect([await prompter.confirm('1?'), await prompter.confirm('2?'), await prompter.confirm('3?'), await prompter.confirm('4?')])
      .toEqual([true, false, true, undefined]);
  });

  it('waits for a line that arrives later, split across chunks', async () => {
    const stdin = new PassThrough();
    const prompter = new LinePrompter(io(stdin));
    const answer = prompter.confirm('Go?');
    setTimeout(() => stdin.write('ye'), 5);
    setTimeout(() => stdin.write('s\n'), 10);
    expect(await answer).toBe(true);
  });

  it('LineReader gives the last line without a newline, then undefined', async () => {
    const r = new LineReader(Readable.from(['a\r\nb', '\nc']));
    expect([await r.next(), await r.next(), await r.next(), await r.next()]).toEqual(['a', 'b', 'c', undefined]);
  });
});

describe('confirmOrThrow', () => {
  const settings = (prompter: ScriptedPrompter, o: { noInput?: boolean; tty?: boolean; env?: Record<string, string> } = {}) => ({
    io: io('', o), noInput: o.noInput ?? false, prompter: async () => prompter,
  });
  const usage = async (p: Promise<void>): Promise<string> => {
    const err = await p.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).exitCode).toBe(2);
    expect((err as Error).message).toMatch(/Run the command again with -f \(--force\) to go ahead without confirmation\.$/);
    return (err as Error).message;
  };

  it('--force: nothing is asked, even with --no-input or CI', async () => {
    const p = new ScriptedPrompter([]);
    await confirmOrThrow(settings(p, { noInput: true, env: { CI: 'true' } }), 'Q?', true);
    expect(p.questions).toEqual([]);
  });

  it('yes goes ahead, no is declined', async () => {
    await confirmOrThrow(settings(new ScriptedPrompter([true])), 'Q?', false);
    await expect(confirmOrThrow(settings(new ScriptedPrompter([false])), 'Q?', false)).rejects.toBeInstanceOf(DeclinedError);
  });

  it('end of input: a usage error naming --force', async () => {
    expect(await usage(confirmOrThrow(settings(new ScriptedPrompter([undefined])), 'Q?', false))).toMatch(/^Could not read from input: EOF\./);
  });

  it('--no-input: a usage error without asking', async () => {
    const p = new ScriptedPrompter([true]);
    expect(await usage(confirmOrThrow(settings(p, { noInput: true, tty: true }), 'Q?', false))).toContain('--no-input');
    expect(p.questions).toEqual([]);
  });

  it('stdin neither a TTY nor a pipe nor a file: a usage error without asking', async () => {
    const p = new ScriptedPrompter([true]);
    const s = { ...settings(p, { env: { CI: 'true' } }) };
    s.io = { ...s.io, stdinKind: 'none' };
    expect(await usage(confirmOrThrow(s, 'Q?', false))).toContain('neither a terminal nor a pipe nor a file');
    expect(p.questions).toEqual([]);
  });

  it('--output json on a TTY: a usage error without asking; from a pipe: asked silently', async () => {
    const p = new ScriptedPrompter([true]);
    expect(await usage(confirmOrThrow({ ...settings(p, { tty: true }), json: true }, 'Q?', false))).toContain('--output json');
    expect(p.questions).toEqual([]);
    await confirmOrThrow({ ...settings(p), json: true }, 'Q?', false);
    expect(p.questions).toEqual(['Q?']);
  });

  it.each([['true', false], ['1', false], ['false', false], ['', false], ['true', true]])('CI=%j (TTY %j): asks', async (ci, tty) => {
    const p = new ScriptedPrompter([true]);
    await confirmOrThrow(settings(p, { env: { CI: ci }, tty }), 'Q?', false);
    expect(p.questions).toEqual(['Q?']);
  });
});

describe('stdinKindOf (fstat of the descriptor)', () => {
  it('a pipe, a file, /dev/null and a closed descriptor', async () => {
    const { openSync, closeSync, writeFileSync, mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { stdinKindOf } = await import('../../src/cli/input/io.js');
    const dir = mkdtempSync(join(tmpdir(), 'iamkeys-kind-'));
    writeFileSync(join(dir, 'answers'), 'y\n');
    const file = openSync(join(dir, 'answers'), 'r');
    const devNull = openSync('/dev/null', 'r');
    const { spawnSync } = await import('node:child_process');
    expect(stdinKindOf(file, false)).toBe('file');
    expect(stdinKindOf(devNull, false)).toBe('none');
    expect(stdinKindOf(devNull, true)).toBe('tty');
    closeSync(file);
    closeSync(devNull);
    expect(stdinKindOf(devNull, false)).toBe('none');
    // A pipe, as `echo y |` gives it, seen by a real process.
    const r = spawnSync(process.execPath, ['--input-type=module', '-e',
      `import { stdinKindOf } from ${JSON.stringify(new URL('../../dist/cli/input/io.js', import.meta.url).href)}; process.stdout.write(stdinKindOf(0, false));`,
    ], { input: 'y\n', encoding: 'utf8' });
    expect(r.stdout || r.stderr).toBe('pipe');
  });
});
