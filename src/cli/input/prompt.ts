// Asking yes/no. On a TTY: inquirer, loaded only when a prompt is shown (it costs ~250 ms to load). With stdin
// a pipe or a file: one line at a time, as ibmcloud reads them (`echo y | iamkeys ...`), echoing the answer.
import type { Readable } from 'node:stream';
import { InterruptedError } from '../errors.js';
import type { IO } from './io.js';

export interface Prompter {
  /**
   * true for yes, false for no; undefined when input has ended (nothing more can be read). silent: read the
   * answer without printing the question or echoing it (--output json prints nothing but the JSON).
   */
  confirm(question: string, o?: { silent: boolean }): Promise<boolean | undefined>;
}

const YES = new Set(['y', 'yes']);
const NO = new Set(['n', 'no', '']);

/**
 * Runs ask with a signal that a SIGINT sent from outside (`kill -INT`, `timeout -s INT`) aborts, so that it ends
 * as a Ctrl-C typed at the prompt does (a message, exit 130) rather than by Node's default, silently, mid-line.
 */
async function interruptible<T>(ask: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  const abort = (): void => ac.abort();
  process.on('SIGINT', abort);
  try {
    return await ask(ac.signal);
  } finally {
    process.off('SIGINT', abort);
  }
}

export class TtyPrompter implements Prompter {
  constructor(private readonly io: IO) {}

  async confirm(question: string): Promise<boolean | undefined> {
    const { default: inquirer } = await import('inquirer');
    return interruptible(async (signal) => {
      const prompt = inquirer.createPromptModule({ input: this.io.stdin, output: this.io.stderr as NodeJS.WritableStream, signal });
      try {
        const answer = await prompt<{ ok: boolean }>([{ type: 'confirm', name: 'ok', message: question, default: false }]);
        return answer.ok;
      } catch (err) {
        // inquirer ends the question's line on either (a Ctrl-C typed, or the signal aborting it).
        if ((err as Error).name === 'ExitPromptError' || (err as Error).name === 'AbortPromptError') throw new InterruptedError();
        throw err;
      }
    });
  }
}

/** Reads answers line by line from a piped stdin. */
export class LinePrompter implements Prompter {
  private readonly lines: LineReader;
  constructor(private readonly io: IO) {
    this.lines = new LineReader(io.stdin);
  }

  async confirm(question: string, o?: { silent: boolean }): Promise<boolean | undefined> {
    const say = (s: string): void => { if (!o?.silent) this.io.stderr.write(s); };
    return interruptible(async (signal) => {
      const interrupted = new Promise<never>((_, reject) => signal.addEventListener('abort', () => {
        this.lines.stop(); // a stdin still read would keep the process from exiting
        say('\n');
        reject(new InterruptedError());
      }, { once: true }));
      for (;;) {
        say(`${question} [y/N]> `);
        const line = await Promise.race([this.lines.next(), interrupted]);
        if (line === undefined) {
          say('\n');
          return undefined;
        }
        say(`${line}\n`);
        const a = line.trim().toLowerCase();
        if (YES.has(a)) return true;
        if (NO.has(a)) return false;
        say("Please enter 'y', 'n', 'yes' or 'no'.\n");
      }
    });
  }
}

/** Lines of a stream, read on demand; undefined at end of input. */
export class LineReader {
  private buffer = '';
  private ended = false;
  private waiting: (() => void) | undefined;

  constructor(private readonly stream: Readable) {
    stream.setEncoding?.('utf8');
    stream.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.wake();
    });
    stream.on('end', () => { this.ended = true; this.wake(); });
    stream.on('error', () => { this.ended = true; this.wake(); });
    stream.pause();
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = undefined;
    w?.();
  }

  /** No more reading: the stream is paused, so it no longer holds the process open. */
  stop(): void {
    this.stream.pause();
  }

  async next(): Promise<string | undefined> {
    for (;;) {
      const nl = this.buffer.indexOf('\n');
      if (nl >= 0) {
        const line = this.buffer.slice(0, nl).replace(/\r$/, '');
        this.buffer = this.buffer.slice(nl + 1);
        this.stream.pause();
        return line;
      }
      if (this.ended) {
        if (this.buffer === '') return undefined;
        const line = this.buffer;
        this.buffer = '';
        return line;
      }
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
        this.stream.resume();
      });
    }
  }
}
