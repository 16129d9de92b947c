// Shared pieces of the CLI tests: running a command that must succeed, making service IDs and keys through the
// CLI itself (no store access), reading state back, and checking FAILED output.
import { statSync } from 'node:fs';
import { expect } from 'vitest';
import type { ApiKey, ServiceId } from '../../src/wire/types.js';
import { runCli, type CliResult, type RunOptions } from './run-cli.js';

export type { ApiKey, ServiceId };

/** Runs a command that must exit 0; its output is shown when it does not. */
export async function ok(argv: string[], home: string, o: Omit<RunOptions, 'home'> = {}): Promise<CliResult> {
  const r = await runCli(argv, { home, ...o });
  if (r.code !== 0) throw new Error(`${argv.join(' ')} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
}

/** stdout parsed as exactly one JSON document (JSON.parse rejects trailing text). */
export function parseJson<T>(stdout: string): T {
  return JSON.parse(stdout) as T;
}

export async function createServiceId(home: string, name: string, extra: string[] = []): Promise<ServiceId> {
  return parseJson<ServiceId>((await ok(['service-id-create', name, ...extra, '-o', 'json'], home)).stdout);
}

export async function createKey(home: string, name: string, sid: string, extra: string[] = []): Promise<ApiKey> {
  return parseJson<ApiKey>((await ok(['service-api-key-create', name, sid, ...extra, '-o', 'json'], home)).stdout);
}

export async function listKeys(home: string, sid: string): Promise<ApiKey[]> {
  return parseJson<ApiKey[]>((await ok(['service-api-keys', sid, '-o', 'json'], home)).stdout);
}

export async function allKeys(home: string): Promise<ApiKey[]> {
  return parseJson<ApiKey[]>((await ok(['service-api-keys', '--all', '-o', 'json'], home)).stdout);
}

export async function listServiceIds(home: string): Promise<ServiceId[]> {
  return parseJson<ServiceId[]>((await ok(['service-ids', '-o', 'json'], home)).stdout);
}

export async function getKey(home: string, keyId: string, sidId: string): Promise<ApiKey> {
  return parseJson<ApiKey>((await ok(['service-api-key', keyId, sidId, '-o', 'json'], home)).stdout);
}

/** `service-id UUID --output json` is an array of one, as ibmcloud prints it. */
export async function getServiceId(home: string, id: string): Promise<ServiceId> {
  const found = parseJson<ServiceId[]>((await ok(['service-id', id, '-o', 'json'], home)).stdout);
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** Everything the store holds that a command could change, for "nothing changed" checks. */
export async function snapshot(home: string): Promise<{ serviceIds: ServiceId[]; keys: ApiKey[] }> {
  return { serviceIds: await listServiceIds(home), keys: await allKeys(home) };
}

/** A line of a JavaScript stack trace. */
export const STACK_FRAME = /^\s+at .+(\(|:\d+)/m;

/** The permission bits of a file or folder. */
export const fileMode = (path: string): number => statSync(path).mode & 0o777;

/**
 * What stdout may hold when a command fails: its progress lines (`Deleting ... as USER...`, login's
 * `API endpoint: URL` and `Authenticating...`), never OK or data.
 */
export function progressOnly(stdout: string): void {
  expect(stdout === '' || stdout.endsWith('\n'), stdout).toBe(true);
  for (const line of stdout.split('\n').slice(0, -1)) {
    expect(line, `only progress lines on stdout:\n${stdout}`).toMatch(/^(\S.*\.\.\.|API endpoint: \S+)$/);
  }
}

/**
 * A failure: the exit code, at most progress lines on stdout (as ibmcloud prints them before FAILED), `FAILED`
 * on stderr followed by the message, and no stack trace. Returns the message (the text after `FAILED`).
 */
export function expectFailed(r: CliResult, code: number, message?: RegExp | string): string {
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(code);
  progressOnly(r.stdout);
  const at = r.stderr.indexOf('FAILED\n');
  expect(at, r.stderr).toBeGreaterThanOrEqual(0);
  const text = r.stderr.slice(at + 'FAILED\n'.length);
  expect(text.trim(), 'a message follows FAILED').not.toBe('');
  expect(r.stderr).not.toMatch(STACK_FRAME);
  expect(r.stderr).not.toMatch(/Unexpected error/);
  if (typeof message === 'string') expect(text).toContain(message);
  else if (message) expect(text).toMatch(message);
  return text;
}

/** A failure whose message is exactly one line, with nothing printed before FAILED (checked before any request). */
export function expectOneLineFailure(r: CliResult, code: number, message?: RegExp | string): string {
  const text = expectFailed(r, code, message);
  expect(r.stdout, 'no progress line: the check came before any request').toBe('');
  expect(r.stderr.startsWith('FAILED\n'), r.stderr).toBe(true);
  expect(text.endsWith('\n')).toBe(true);
  expect(text.slice(0, -1), 'one line').not.toContain('\n');
  return text.slice(0, -1);
}

/** The stdout of a text-mode detail table as label → value. */
export function detailRows(stdout: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    if (line === '') continue;
    const m = /^(\S+(?: \S+)*)(?: {2,}(.*))?$/.exec(line);
    if (!m) throw new Error(`not a detail row: ${JSON.stringify(line)}`);
    rows.set(m[1]!, m[2] ?? '');
  }
  return rows;
}

export const SERVICE_ID_RE = /^ServiceId-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const API_KEY_RE = /^ApiKey-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const IAM_TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}\+0000$/;
export const ETAG_RE = /^\d+-[0-9a-f]{32}$/;

/** Ids that are well formed and exist nowhere. */
export const MISSING_SID = 'ServiceId-00000000-0000-4000-8000-000000000000';
export const MISSING_KEY = 'ApiKey-00000000-0000-4000-8000-000000000000';

/**
 * A text-mode list table as rows keyed by header. Each cell is cut at its header's column, so a value that is
 * not aligned under its header shows up as a wrong value.
 */
export function tableRows(stdout: string): Record<string, string>[] {
  const lines = stdout.split('\n').filter((l) => l !== '');
  const header = lines[0] ?? '';
  const labels = header.split(/ {3,}/);
  const starts = labels.map((l) => header.indexOf(l));
  return lines.slice(1).map((line) => {
    const row: Record<string, string> = {};
    labels.forEach((label, i) => {
      const start = starts[i]!;
      if (i > 0) expect(line[start - 1] === ' ' || line.length <= start, `column ${label} aligned in ${JSON.stringify(line)}`).toBe(true);
      row[label] = line.slice(start, i + 1 < labels.length ? starts[i + 1] : undefined).trimEnd();
    });
    return row;
  });
}

/** The user that progress lines name (`... as USER...`), as the CLI itself reports it. */
export async function progressUser(home: string): Promise<string> {
  const r = await runCli(['service-ids'], { home });
  const m = /^Getting all services IDs bound to current account as (.+)\.\.\.$/m.exec(r.stdout);
  if (!m) throw new Error(`no progress line in ${r.stdout}`);
  return m[1]!;
}

/**
 * Text output is on stdout as ibmcloud prints it: progress line, OK, result sentences, then the table. Checks
 * that stdout starts with exactly `head` and returns what follows (the table), for detailRows / tableRows.
 */
export function after(stdout: string, head: string): string {
  expect(stdout.slice(0, head.length), stdout).toBe(head);
  return stdout.slice(head.length);
}
