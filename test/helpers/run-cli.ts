// Runs the whole CLI in-process with buffers for streams (tier 1: no process, no socket): no patching of
// process.*. Canned IAM answers can be put in front of the transport (wrapTransport).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { run } from '../../src/cli/main.js';
import type { TransportWrapper } from '../../src/cli/client-factory.js';
import type { IO, StdinKind } from '../../src/cli/input/io.js';
import type { Prompter } from '../../src/cli/input/prompt.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  home: string;
  /** Text fed to stdin (piped); omitted: an empty, ended stdin. */
  stdin?: string;
  stdinTTY?: boolean;
  /** What stdin is (input/io.ts StdinKind); omitted: a terminal with stdinTTY, else a pipe. */
  stdinKind?: StdinKind;
  stdoutTTY?: boolean;
  /** The terminal's width, with stdoutTTY. */
  columns?: number;
  stderrTTY?: boolean;
  env?: Record<string, string | undefined>;
  prompter?: Prompter;
  /** Canned IAM answers in front of the real transport (test/helpers/canned-iam.ts). */
  wrapTransport?: TransportWrapper;
}

export function tempHome(prefix = 'iamkeys-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function runCli(argv: string[], o: RunOptions): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: IO = {
    stdout: { write: (s: string) => { stdout += s; return true; } },
    stderr: { write: (s: string) => { stderr += s; return true; } },
    stdin: Readable.from(o.stdin !== undefined ? [o.stdin] : []),
    stdinIsTTY: o.stdinTTY ?? false,
    ...(o.stdinKind ? { stdinKind: o.stdinKind } : {}),
    stdoutIsTTY: o.stdoutTTY ?? false,
    ...(o.columns !== undefined ? { stdoutColumns: o.columns } : {}),
    stderrIsTTY: o.stderrTTY ?? false,
    env: { IAMKEYS_HOME: o.home, PATH: process.env['PATH'], ...(o.env ?? {}) },
  };
  const code = await run(argv, { io, ...(o.prompter ? { prompter: o.prompter } : {}), ...(o.wrapTransport ? { wrapTransport: o.wrapTransport } : {}) });
  return { code, stdout, stderr };
}

/** A prompter that answers from a script and records every question; it fails the test on an unscripted one. */
export class ScriptedPrompter implements Prompter {
  readonly questions: string[] = [];
  constructor(private readonly answers: (boolean | undefined)[]) {}

  async confirm(question: string): Promise<boolean | undefined> {
    this.questions.push(question);
    if (this.answers.length === 0) throw new Error(`unscripted question: ${question}`);
    return this.answers.shift();
  }

  get unused(): number {
    return this.answers.length;
  }
}
