// The CLI's streams and environment, passed in so tests run the whole CLI in-process with buffers.
import { fstatSync } from 'node:fs';
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
  /**
   * What stdin is, for the confirmation rules: an answer can come from a terminal, a pipe (or socket) or a file;
   * not from /dev/null or a closed stdin ('none'). Absent: a terminal when stdinIsTTY, else a pipe.
   */
  stdinKind?: StdinKind;
  stdoutIsTTY: boolean;
  /** The terminal's width when stdout is one. */
  stdoutColumns?: number;
  stderrIsTTY: boolean;
  env: Record<string, string | undefined>;
}

export type StdinKind = 'tty' | 'pipe' | 'file' | 'none';

/** fstat of fd 0: a pipe, socket or regular file can hold an answer; a character device other than a TTY cannot. */
export function stdinKindOf(fd: number, isTTY: boolean): StdinKind {
  if (isTTY) return 'tty';
  try {
    const st = fstatSync(fd);
    if (st.isFIFO() || st.isSocket()) return 'pipe';
    if (st.isFile()) return 'file';
    return 'none';
  } catch {
    return 'none'; // stdin closed
  }
}

export const stdinKind = (io: IO): StdinKind => io.stdinKind ?? (io.stdinIsTTY ? 'tty' : 'pipe');

export function processIO(): IO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // Node makes process.stdin (and loads the stream modules behind it) when it is first read: only a prompt does.
    get stdin() { return process.stdin; },
    get stdinIsTTY() { return isatty(0); },
    get stdinKind() { return stdinKindOf(0, isatty(0)); },
    stdoutIsTTY: process.stdout.isTTY === true,
    get stdoutColumns() { return process.stdout.columns; },
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
  };
}
