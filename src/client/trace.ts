// IBMCLOUD_TRACE: each HTTP request and response, with every secret shown as [PRIVATE DATA HIDDEN]
// (the redaction rules of ibmcloud's trace.Sanitize, plus IAM-ApiKey). Everything the trace did not write itself
// (header names and values, bodies, the path, an error code) is escaped as all other output is: a server's
// answer holding ESC[2J, an OSC title sequence, C1 codes or a bidi override must not act on the terminal.
import { appendFileSync, constants, fchmodSync, fstatSync, openSync } from 'node:fs';
import { escapeText } from '../wire/unsafe-text.js';

export const HIDDEN = '[PRIVATE DATA HIDDEN]';

const SECRET_HEADER = /^(authorization|x-auth.*|iam-apikey|cookie|set-cookie)$/i;
const FORM_SECRET = /((?:password|token|apikey|passcode)=)[^&\s]*/gi;
const JSON_SECRET = /"([^"\\]*(?:password|token|apikey|secret|passcode)[^"\\]*)"\s*:\s*"(?:[^"\\]|\\.)*"/gi;

export function redactHeaders(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([k, v]) => `${escapeText(k)}: ${SECRET_HEADER.test(k) ? HIDDEN : escapeText(v)}`)
    .join('\n');
}

export function redactBody(body: string): string {
  return escapeText(body.replace(JSON_SECRET, (_m, key: string) => `"${key}":"${HIDDEN}"`).replace(FORM_SECRET, `$1${HIDDEN}`));
}

export interface TraceSink {
  write(text: string): void;
}

/** IBMCLOUD_TRACE names a file that cannot be used; the message says which and why. */
export class TraceFileError extends Error {}

/** Opens the trace file for appending, never through a symbolic link (a planted link would send the trace, and
 *  the mode change, to its target). Only a regular file of the user's own is made 0600, through the descriptor:
 *  a device or a pipe (or another user's file, for root) keeps its mode. */
function openTraceFile(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ELOOP' ? 'is a symbolic link (the trace is not written through links)' : `cannot be opened (${code ?? (err as Error).message})`;
    throw new TraceFileError(`IBMCLOUD_TRACE file ${escapeText(path)} ${why}. Give a file of your own, or IBMCLOUD_TRACE=true for stderr.`);
  }
  const st = fstatSync(fd);
  const uid = process.getuid?.();
  if (st.isFile() && (uid === undefined || st.uid === uid)) fchmodSync(fd, 0o600); // an existing wider mode is tightened
  return fd;
}

/** From IBMCLOUD_TRACE: `true` → stderr; a path → appended to that file (0600); unset or `false` → none. */
export function traceSink(value: string | undefined, stderr: { write(s: string): unknown }): TraceSink | undefined {
  if (value === undefined || value === '' || value.toLowerCase() === 'false') return undefined;
  if (value.toLowerCase() === 'true') return { write: (t) => { stderr.write(t); } };
  const fd = openTraceFile(value); // open for the process's life: one command, then exit
  return { write: (t) => appendFileSync(fd, t) };
}

export function traceRequest(sink: TraceSink, method: string, url: URL, headers: Record<string, string>, body: string | undefined): void {
  const path = `${url.pathname}${redactBody(url.search)}`;
  sink.write(`\nREQUEST: [${new Date().toISOString()}]\n${method} ${path} HTTP/1.1\nHost: ${escapeText(url.host)}\n${redactHeaders(headers)}\n\n${body ? redactBody(body) : ''}\n`);
}

export function traceResponse(sink: TraceSink, status: number, headers: Record<string, string>, body: string, elapsedMs: number): void {
  sink.write(`\nRESPONSE: [${new Date().toISOString()}] Elapsed: ${Math.round(elapsedMs)}ms\nHTTP/1.1 ${status}\n${redactHeaders(headers)}\n\n${redactBody(body)}\n`);
}

export function traceError(sink: TraceSink, message: string, elapsedMs: number): void {
  sink.write(`\nRESPONSE: [${new Date().toISOString()}] Elapsed: ${Math.round(elapsedMs)}ms\nNo response: ${escapeText(message)}\n`);
}
