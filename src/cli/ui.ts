// What the CLI prints, and where: data (tables, details, JSON) on stdout; progress, OK, FAILED, warnings and
// prompts on stderr. `-q` hides progress and OK. Colour per stream, as ibmcloud and clig.dev say.
import { Chalk, type ChalkInstance } from 'chalk';
import type { IO } from './io.js';
import { safeJson, safeText } from './render/safe.js';
import { renderTable } from './render/table.js';

export interface UiOptions {
  json: boolean;
  quiet: boolean;
  /** false: --no-color */
  color: boolean;
}

export function colorLevel(io: IO, isTTY: boolean, flag: boolean): 0 | 1 {
  const env = io.env;
  const forced = (env['IBMCLOUD_COLOR'] ?? '').toLowerCase();
  if (!flag) return 0;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return 0;
  if (forced === 'false') return 0;
  if (forced === 'true') return 1;
  if (env['TERM'] === 'dumb') return 0;
  return isTTY ? 1 : 0;
}

export class Ui {
  readonly out: ChalkInstance;
  readonly err: ChalkInstance;

  constructor(readonly io: IO, readonly opts: UiOptions) {
    this.out = new Chalk({ level: colorLevel(io, io.stdoutIsTTY, opts.color) });
    this.err = new Chalk({ level: colorLevel(io, io.stderrIsTTY, opts.color) });
  }

  /** An entity name inside a message: escaped, cyan bold. */
  name(s: string): string {
    return this.err.cyan.bold(safeText(s));
  }

  progress(text: string): void {
    if (!this.opts.quiet) this.io.stderr.write(`${text}\n`);
  }

  ok(sentence?: string): void {
    if (!this.opts.quiet) this.io.stderr.write(`${this.err.green.bold('OK')}\n`);
    if (sentence !== undefined) this.io.stderr.write(`${sentence}\n`);
  }

  say(text: string): void {
    this.io.stderr.write(`${text}\n`);
  }

  warn(text: string): void {
    this.io.stderr.write(`${this.err.magenta.bold(text)}\n`);
  }

  failed(message: string): void {
    this.io.stderr.write(`${this.err.red.bold('FAILED')}\n${message}\n`);
  }

  /** Raw data on stdout. */
  data(text: string): void {
    this.io.stdout.write(text);
  }

  json(value: unknown): void {
    this.io.stdout.write(`${safeJson(value)}\n`);
  }

  /** A key/value table (no header), as ibmcloud's detail view. */
  details(rows: [string, string][]): void {
    this.data(renderTable(undefined, rows, { firstColumn: (s) => this.out.bold(s) }));
  }

  table(header: string[], rows: string[][]): void {
    this.data(renderTable(header, rows, { header: (s) => this.out.bold(s), firstColumn: (s) => this.out.cyan.bold(s) }));
  }
}
