// The CLI's streams and environment, passed in so tests run the whole CLI in-process with buffers.
import type { Readable } from 'node:stream';
import { isatty } from 'node:tty';

export interface OutStream {
  write(chunk: string): unknown;
}

export interface IO {
  stdout: OutStream;
  stderr: OutStream;
  stdin: Readable;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: Record<string, string | undefined>;
}

export function processIO(): IO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // Node makes process.stdin (and loads the stream modules behind it) when it is first read: only a prompt does.
    get stdin() { return process.stdin; },
    get stdinIsTTY() { return isatty(0); },
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
  };
}
