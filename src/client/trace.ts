// IBMCLOUD_TRACE: each HTTP request and response, with every secret shown as [PRIVATE DATA HIDDEN]
// (the redaction rules of ibmcloud's trace.Sanitize, plus IAM-ApiKey). Everything the trace did not write itself
// (header names and values, bodies, the path, an error code) is escaped as all other output is: a server's
// answer holding ESC[2J, an OSC title sequence, C1 codes or a bidi override must not act on the terminal.
import { appendFileSync, chmodSync, closeSync, openSync } from 'node:fs';
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

/** From IBMCLOUD_TRACE: `true` → stderr; a path → appended to that file (0600); unset or `false` → none. */
export function traceSink(value: string | undefined, stderr: { write(s: string): unknown }): TraceSink | undefined {
  if (value === undefined || value === '' || value.toLowerCase() === 'false') return undefined;
  if (value.toLowerCase() === 'true') return { write: (t) => { stderr.write(t); } };
  closeSync(openSync(value, 'a', 0o600));
  chmodSync(value, 0o600); // a file that existed with wider permissions is tightened too
  return { write: (t) => appendFileSync(value, t, { mode: 0o600 }) };
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
