// Runs the built binary as the OS runs it (tier 3 of docs/architecture.md): a real process, real streams, real exit code.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/iamkeys.js', import.meta.url));

/**
 * `iamkeys` on the PATH, as an installed one is (completion scripts and README blocks call it by that name):
 * bin/iamkeys.js linked as DIR/bin/iamkeys. Returns that bin folder, to put first on a PATH.
 */
export function iamkeysBinDir(dir: string): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  symlinkSync(BIN, join(bin, 'iamkeys'));
  return bin;
}

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface SpawnOptions {
  home: string;
  /** Written to stdin, which is then closed; omitted: stdin is closed at once. */
  input?: string;
  env?: Record<string, string | undefined>;
}

/** The environment of a spawned CLI: no CI, no colour settings or IBM Cloud variables leaking in from outside. */
export function cliEnv(home: string, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  // HOME too is the test's folder: a child shell's history, fish's folders and the like stay out of the real one.
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: home, IAMKEYS_HOME: home, LANG: 'C.UTF-8' };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

export function runBin(args: string[], o: SpawnOptions): Promise<ProcessResult> {
  const child = spawn(process.execPath, [BIN, ...args], { env: cliEnv(o.home, o.env), stdio: ['pipe', 'pipe', 'pipe'] });
  const result = outcome(child);
  child.stdin!.on('error', () => {}); // the CLI may exit before reading all of it
  child.stdin!.end(o.input ?? '');
  return result;
}

/** bash with these arguments (`-c SCRIPT`, or a script file) and this environment, stdin closed. */
export function runBash(args: string[], env: NodeJS.ProcessEnv): Promise<ProcessResult> {
  return outcome(spawn('bash', args, { env, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** What a child printed on stdout and stderr, and how it ended. */
function outcome(child: ChildProcess): Promise<ProcessResult> {
  return new Promise((resolvePromise, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
    child.stderr!.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
  });
}

export interface ServeChild {
  child: ChildProcess;
  /** The base URL, the first line serve prints. */
  url: string;
  stderr: () => string;
}

/** `iamkeys serve --port 0 ARGS` as a child process, once it has printed its URL. */
export async function spawnServe(home: string, args: string[]): Promise<ServeChild> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { env: cliEnv(home), stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (s: string) => { err += s; });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error(`serve printed no URL within 15 s: ${err}`)), 15_000);
    child.stdout!.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      if (out.includes('\n')) { clearTimeout(t); resolveUrl(out.split('\n')[0]!.trim()); }
    });
    child.on('exit', (code) => { clearTimeout(t); reject(new Error(`serve exited ${code}: ${err}`)); });
  });
  return { child, url, stderr: () => err };
}
