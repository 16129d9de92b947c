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

export class TtyPrompter implements Prompter {
  constructor(private readonly io: IO) {}

  async confirm(question: string): Promise<boolean | undefined> {
    const { default: inquirer } = await import('inquirer');
    const prompt = inquirer.createPromptModule({ input: this.io.stdin, output: this.io.stderr as NodeJS.WritableStream });
    try {
      const answer = await prompt<{ ok: boolean }>([{ type: 'confirm', name: 'ok', message: question, default: false }]);
      return answer.ok;
    } catch (err) {
      if ((err as Error).name === 'ExitPromptError' || (err as Error).name === 'AbortPromptError') throw new InterruptedError();
      throw err;
    }
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
    for (;;) {
      say(`${question} [y/N]> `);
      const line = await this.lines.next();
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
