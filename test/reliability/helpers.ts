// Shared pieces of the reliability suites: spawning the built binary with a bounded lifetime (and an optional
// SIGKILL at a chosen moment), starting `iamkeys serve` as a child process, and reading a store file directly
// (integrity check, table snapshots) with better-sqlite3. All traffic stays on 127.0.0.1.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// IAMKEYS_REL_BIN points the suites at another build (used to check that a test fails on a broken build).
export const BIN = process.env['IAMKEYS_REL_BIN'] ?? join(ROOT, 'bin', 'iamkeys.js');

/** The spawned tests run dist/; fail with a clear word when it has not been built. */
export function requireBuild(): void {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
    throw new Error("dist/ is missing: build first with 'npx tsc -p .' (npm test does it).");
  }
}

export function tempDir(prefix = 'iamkeys-rel-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface Spawned {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Killed by the timeout bound (a hang), not by a planned kill. */
  timedOut: boolean;
  /** Killed by the planned SIGKILL (killAfterMs). */
  killed: boolean;
}

export interface SpawnOptions {
  home: string;
  env?: Record<string, string | undefined>;
  /** Hard bound: SIGKILL and report timedOut after this many ms. */
  timeoutMs?: number;
  /** Planned crash: SIGKILL after this many ms (if still running). */
  killAfterMs?: number;
  stdin?: string;
}

/** The environment of a spawned iamkeys: nothing of the test runner's, only what the test gives. */
export function cliEnv(home: string, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, IAMKEYS_HOME: home, TZ: 'UTC', NO_COLOR: '1' };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export function spawnCli(args: string[], o: SpawnOptions): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], { env: cliEnv(o.home, o.env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let killed = false;
    child.stdout.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
    child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    child.stdin.on('error', () => {});
    child.stdin.end(o.stdin ?? '');
    const bound = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, o.timeoutMs ?? 60_000);
    const crash = o.killAfterMs !== undefined ? setTimeout(() => { killed = true; child.kill('SIGKILL'); }, o.killAfterMs) : undefined;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(bound);
      if (crash) clearTimeout(crash);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started, timedOut, killed: killed && signal === 'SIGKILL' });
    });
  });
}

/** Parses stdout as one JSON document, or undefined (a killed run may have printed nothing or half of it). */
export function jsonOf<T>(stdout: string): T | undefined {
  try {
    return JSON.parse(stdout) as T;
  } catch {
    return undefined;
  }
}

/** Runs at most `limit` tasks at a time, in order of the list; results in the same order. */
export async function pool<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

// --- the store, read directly -----------------------------------------------------------------------------

export function openStoreFile(path: string, readonly = false): Database.Database {
  const db = new Database(path, { readonly, fileMustExist: true, timeout: 30_000 });
  return db;
}

export function integrity(path: string): string {
  const db = openStoreFile(path);
  try {
    return (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

export interface KeyRow { id: string; name: string; iam_id: string; description: string | null; locked: number; version: number }

export function keyRows(path: string): KeyRow[] {
  const db = openStoreFile(path, true);
  try {
    return db.prepare('SELECT id, name, iam_id, description, locked, version FROM apikeys ORDER BY seq').all() as KeyRow[];
  } finally {
    db.close();
  }
}

/** Every table's rows, as one comparable value. */
export function tablesSnapshot(db: Database.Database, o: { activity?: boolean } = {}): Record<string, unknown[]> {
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  const out: Record<string, unknown[]> = {};
  for (const t of tables) {
    const rows = db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all() as Record<string, unknown>[];
    // IAM's activity (a successful token exchange counts) is written a moment after the answer, by design.
    out[t] = o.activity === false ? rows.map(({ authn_count: _c, last_authn: _l, ...rest }) => rest) : rows;
  }
  return out;
}

/** Text that must never appear in any output: SQLite's lock errors and stack frames. */
export const BUSY_RE = /SQLITE_BUSY|database is locked/i;
export const STACK_RE = /^\s{4}at /m;

// --- iamkeys serve as a child process ---------------------------------------------------------------------

export interface Served {
  url: string;
  pid: number;
  child: ChildProcess;
  apikey: string;
  stderr: () => string;
  /** SIGTERM, wait for the exit; SIGKILL if it takes more than 5 s. Resolves with the exit code. */
  stop(): Promise<number | null>;
}

export async function startServe(args: string[], home: string, o: { nodeArgs?: string[]; env?: Record<string, string> } = {}): Promise<Served> {
  const keyFile = join(home, `owner-${Math.random().toString(36).slice(2)}.json`);
  const child = spawn(process.execPath, [...(o.nodeArgs ?? []), BIN, 'serve', '--port', '0', '--apikey-file', keyFile, ...args], {
    env: cliEnv(home, o.env), stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`serve printed no URL within 15 s; stderr: ${stderr}`)), 15_000);
    child.stdout!.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
      const nl = stdout.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(t);
        resolve(stdout.slice(0, nl).trim());
      }
    });
    child.on('exit', (code) => { clearTimeout(t); reject(new Error(`serve exited ${code} before printing its URL; stderr: ${stderr}`)); });
  });
  const apikey = (JSON.parse(readFileSync(keyFile, 'utf8')) as { apikey: string }).apikey;
  return {
    url, pid: child.pid!, child, apikey, stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
      const code = await exited;
      clearTimeout(t);
      return code;
    },
  };
}

/** VmRSS of a process in KiB, from /proc (Linux). */
export function rssKiB(pid: number): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A figure for the closing note, printed with a fixed prefix so a run's log can be grepped for them. */
export function figure(name: string, value: unknown): void {
  // eslint-disable-next-line no-console
  console.log(`[reliability] ${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
}
