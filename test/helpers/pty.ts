// Runs bin/iamkeys.js in a real pseudo-terminal through test/helpers/pty_run.py (python3's pty module: no tmux,
// no native addon), typing answers when the prompts appear.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BIN, cliEnv } from './spawn.js';

const DRIVER = fileURLToPath(new URL('./pty_run.py', import.meta.url));

export interface PtyStep {
  /** Text to wait for (ANSI escapes are removed before matching). */
  wait: string;
  /** What to type then, e.g. `y\r` (Enter is a carriage return on a terminal). */
  send?: string;
  /** Or a signal to send the process from outside then, e.g. `INT` (as `kill -INT`). */
  signal?: 'INT' | 'TERM';
}

export interface PtyResult {
  /** Everything the terminal showed, escapes included. */
  output: string;
  /** The same without ANSI escapes and carriage returns. */
  plain: string;
  status: number | null;
  signal: number | null;
  timed_out: boolean;
  steps_done: number;
}

export interface PtyOptions {
  home: string;
  steps?: PtyStep[];
  env?: Record<string, string | undefined>;
  timeoutSeconds?: number;
}

export function runInPty(args: string[], o: PtyOptions): Promise<PtyResult> {
  const spec = {
    argv: [process.execPath, BIN, ...args],
    env: cliEnv(o.home, { TERM: 'xterm-256color', ...(o.env ?? {}) }),
    steps: o.steps ?? [],
    timeout: o.timeoutSeconds ?? 30,
  };
  return new Promise((resolve, reject) => {
    execFile('python3', [DRIVER, JSON.stringify(spec)], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`pty driver failed: ${err.message}\n${stderr}`));
      try {
        resolve(JSON.parse(stdout) as PtyResult);
      } catch {
        reject(new Error(`pty driver printed no JSON: ${stdout}\n${stderr}`));
      }
    });
  });
}
