// What the CLI prints, and where, as ibmcloud does (scripts parse it: `awk 'NR==2'` is OK): progress lines, OK,
// result sentences and tables on stdout; FAILED and its message, warnings, notes and prompts on stderr.
// Quiet (-q) follows ibmcloud's terminal UI (its Say, Verbose, Warn and Ok print nothing when quiet): progress,
// OK, result sentences, warnings and notes are hidden, tables and data stay, and a failure keeps its message
// without the word FAILED. With --output json, stdout holds the one JSON document and nothing
// else is printed at all but an error, because scripts capture `2>&1` and parse it. Colour per stream.
import { Chalk, type ChalkInstance } from 'chalk';
import type { IO } from '../input/io.js';
import { safeJson, safeText } from './safe.js';
import { renderTable } from './table.js';

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

/** The columns of free text, which a terminal's width may cut; ids, times and flags are always whole. */
const TEXT_COLUMNS = new Set(['Name', 'Description', 'Reasons']);

export class Ui {
  readonly out: ChalkInstance;
  readonly err: ChalkInstance;

  constructor(readonly io: IO, readonly opts: UiOptions) {
    this.out = new Chalk({ level: colorLevel(io, io.stdoutIsTTY, opts.color) });
    this.err = new Chalk({ level: colorLevel(io, io.stderrIsTTY, opts.color) });
  }

  /** An entity name inside a message on stdout: escaped, cyan bold. */
  name(s: string): string {
    return this.out.cyan.bold(safeText(s));
  }

  private get verbose(): boolean {
    return !this.opts.json && !this.opts.quiet;
  }

  /** `Creating ... as USER...` on stdout; hidden by -q. */
  progress(text: string): void {
    if (this.verbose) this.io.stdout.write(`${text}\n`);
  }

  /** OK, then the result sentence, on stdout. */
  ok(sentence?: string): void {
    if (this.verbose) this.io.stdout.write(`${this.out.green.bold('OK')}\n`);
    if (sentence !== undefined) this.say(sentence);
  }

  /** A result sentence on stdout. */
  say(text: string): void {
    if (this.verbose) this.io.stdout.write(`${text}\n`);
  }

  /** A warning on stderr, magenta bold; hidden by -q. */
  warn(text: string): void {
    if (this.verbose) this.io.stderr.write(`${this.err.magenta.bold(text)}\n`);
  }

  /**
   * A warning about exposure (a key in the process list, a key or a server on the network) on stderr: -q keeps
   * it, since it is no progress report; --output json does not, since stderr then holds only an error.
   */
  caution(text: string): void {
    if (!this.opts.json) this.io.stderr.write(`${this.err.magenta.bold(text)}\n`);
  }

  /** A note on stderr about what happened beside the result (a file replaced, a server's address); hidden by -q. */
  note(text: string): void {
    if (this.verbose) this.io.stderr.write(`${text}\n`);
  }

  /** A message on stderr that even -q and --output json keep (the answer was no; interrupted). */
  error(text: string): void {
    this.io.stderr.write(`${text}\n`);
  }

  /** FAILED and the message on stderr; -q keeps the message only. The one thing --output json still prints. */
  failed(message: string): void {
    this.io.stderr.write(`${this.opts.quiet ? '' : `${this.err.red.bold('FAILED')}\n`}${message}\n`);
  }

  /** Raw data on stdout. */
  data(text: string): void {
    this.io.stdout.write(text);
  }

  /** Ids alone, one a line, for scripts to capture (--uuid); escaped, since they come from IAM. Nothing for none. */
  ids(ids: string[]): void {
    if (ids.length) this.data(`${ids.map(safeText).join('\n')}\n`);
  }

  json(value: unknown): void {
    this.io.stdout.write(`${safeJson(value)}\n`);
  }

  /** A key/value table (no header), as ibmcloud's detail view. */
  details(rows: [string, string][]): void {
    this.data(renderTable(undefined, rows, { firstColumn: (s) => this.out.bold(s) }));
  }

  /** A list; on a terminal its long names and descriptions are cut to its width (never in a pipe, a file or JSON). */
  table(header: string[], rows: string[][]): void {
    const columns = this.io.stdoutIsTTY ? this.io.stdoutColumns : undefined;
    const fit = columns !== undefined ? { columns, cuttable: (i: number) => TEXT_COLUMNS.has(header[i] ?? '') } : undefined;
    this.data(renderTable(header, rows, { header: (s) => this.out.bold(s), firstColumn: (s) => this.out.cyan.bold(s) }, fit));
  }
}
