// One line typed at the terminal, read in raw mode so that a secret (a one-time code, a password) is never
// echoed, and Ctrl-C is an interruption (exit 130) rather than the process dying with the terminal left raw.
// Only for a terminal: the caller checks there is one (a secret is never read from a pipe here).
import type { Readable } from 'node:stream';
import { InterruptedError } from '../errors.js';
import type { IO } from './io.js';

type RawStream = Readable & { setRawMode?: (on: boolean) => unknown };

/** The line typed after `question` (undefined at end of input, Ctrl-D on an empty line). */
export function readTerminalLine(io: IO, question: string, { echo }: { echo: boolean }): Promise<string | undefined> {
  const stdin = io.stdin as RawStream;
  // Raw before the question shows: what is typed the moment it appears must not be echoed by the terminal.
  stdin.setRawMode?.(true);
  io.stderr.write(question);
  stdin.setEncoding('utf8');
  let line = '';
  return new Promise<string | undefined>((resolve, reject) => {
    const finish = (err: Error | undefined, value?: string): void => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.setRawMode?.(false);
      stdin.pause();
      io.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onEnd = (): void => finish(undefined, line === '' ? undefined : line);
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish(undefined, line);
        if (ch === '\x03') return finish(new InterruptedError());
        if (ch === '\x04' && line === '') return finish(undefined, undefined);
        if (ch === '\x7f' || ch === '\b') {
          if (line.length > 0) {
            line = [...line].slice(0, -1).join('');
            if (echo) io.stderr.write('\b \b');
          }
          continue;
        }
        if (ch < ' ') continue; // other control characters (arrows' escapes) are not part of a code
        line += ch;
        if (echo) io.stderr.write(ch);
      }
    };
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.resume();
  });
}

/** `question [Y/n]> `: yes unless the answer starts with n (ibmcloud's default-yes question). */
export async function askYesDefault(io: IO, question: string): Promise<boolean> {
  for (;;) {
    const a = (await readTerminalLine(io, `${question} [Y/n]> `, { echo: true }))?.trim().toLowerCase();
    if (a === undefined) return false; // input ended: nothing is opened
    if (a === '' || a === 'y' || a === 'yes') return true;
    if (a === 'n' || a === 'no') return false;
    io.stderr.write("Please enter 'y', 'n', 'yes' or 'no'.\n");
  }
}
