// Runs the whole CLI in-process with buffers for streams (tier 1 of design §10): no patching of process.*.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { run } from '../../src/cli/main.js';
import type { IO, StdinKind } from '../../src/cli/io.js';
import type { Prompter } from '../../src/cli/prompt.js';

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
  /** What stdin is (io.ts StdinKind); omitted: a terminal with stdinTTY, else a pipe. */
  stdinKind?: StdinKind;
  stdoutTTY?: boolean;
  stderrTTY?: boolean;
  env?: Record<string, string | undefined>;
  prompter?: Prompter;
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
    stderrIsTTY: o.stderrTTY ?? false,
    env: { IAMKEYS_HOME: o.home, PATH: process.env['PATH'], ...(o.env ?? {}) },
  };
  const code = await run(argv, { io, ...(o.prompter ? { prompter: o.prompter } : {}) });
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
