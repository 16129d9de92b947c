// The CLI's streams and environment, passed in so tests run the whole CLI in-process with buffers.
import type { Readable } from 'node:stream';

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
    stdin: process.stdin,
    stdinIsTTY: process.stdin.isTTY === true,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
  };
}
