// `serve --detach` and `serve --stop`: a server a script starts and waits for in one command, then stops.
// --detach starts `iamkeys serve` again as its own process group, waits until it prints its URL (it does so only
// once it listens and --apikey-file is written), prints that URL and returns; the server's stderr goes to
// serve.log in IAMKEYS_HOME, and serve.pid there (its pid and URL) is what --stop reads.
import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../errors.js';
import { Exit, type ExitCode } from '../exit-codes.js';
import { writeFileAtomic } from '../state/fs-atomic.js';
import { checkOwnFile } from '../state/own-file.js';
import type { Context } from '../context.js';
import type { ServeOptions } from './serve.js';

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

interface Detached {
  pid: number;
  url: string;
}

const pidPath = (home: string): string => join(home, 'serve.pid');
export const serveLogPath = (home: string): string => join(home, 'serve.log');

/** The server --detach started, when it still runs; a record of one that has ended is removed. */
function running(home: string): Detached | undefined {
  const path = pidPath(home);
  checkOwnFile(path, 'server record');
  let d: Detached;
  try {
    d = JSON.parse(readFileSync(path, 'utf8')) as Detached;
  } catch {
    return undefined;
  }
  if (Number.isInteger(d.pid) && d.pid > 0 && isServe(d.pid)) return d;
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
  return undefined;
}

/** Whether pid is alive and, where /proc tells, an `iamkeys serve` (a pid the system has given to another program is not signalled). */
function isServe(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('serve');
  } catch {
    return !existsSync('/proc/self');
  }
}

/** The command line that serves these options in the foreground. */
function serveArgs(o: ServeOptions): string[] {
  return [
    'serve', '--host', o.host, '--port', String(o.port), '--token-ttl', String(o.tokenTtl),
    ...(o.memory ? ['--memory'] : o.store !== undefined ? ['--store', o.store] : []),
    ...(o.apikeyFile !== undefined ? ['--apikey-file', o.apikeyFile] : []),
    ...(o.faults !== undefined ? ['--faults', o.faults] : []),
  ];
}

export async function detach(ctx: Context, o: ServeOptions): Promise<void> {
  const home = ctx.home();
  const bin = process.argv[1];
  if (bin === undefined || !/iamkeys(\.js)?$/.test(bin)) throw new CliError(Exit.failure, 'serve --detach must be run as the iamkeys program.');
  const already = running(home);
  if (already) {
    throw new CliError(Exit.failure, `A server started with --detach is running at ${already.url} (pid ${already.pid}). Stop it first with 'iamkeys serve --stop'.`);
  }
  const log = serveLogPath(home);
  checkOwnFile(log, 'server log');
  const logFd = openSync(log, 'w', 0o600);
  const child = spawn(process.execPath, [bin, ...serveArgs(o)], {
    detached: true,
    stdio: ['ignore', 'pipe', logFd],
    env: ctx.io.env as NodeJS.ProcessEnv,
  });
  closeSync(logFd);
  const outcome = await new Promise<{ url: string } | { code: ExitCode }>((resolve) => {
    let out = '';
    const timer = setTimeout(() => { child.kill('SIGTERM'); resolve({ code: Exit.failure }); }, START_TIMEOUT_MS);
    child.stdout!.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      const nl = out.indexOf('\n');
      if (nl >= 0) { clearTimeout(timer); resolve({ url: out.slice(0, nl).trim() }); }
    });
    child.on('exit', (code) => { clearTimeout(timer); resolve({ code: (code ?? Exit.failure) as ExitCode }); });
  });
  if ('code' in outcome) {
    // The server's own FAILED message (a port in use, a bad store) is its reason: told here with its exit code.
    const said = readFileSync(log, 'utf8').replace(/^FAILED\n/m, '').trim();
    throw new CliError(outcome.code === Exit.ok ? Exit.failure : outcome.code,
      said !== '' ? said : `The server did not start within ${START_TIMEOUT_MS / 1000} s; see ${log}.`);
  }
  child.stdout!.destroy();
  child.unref();
  writeFileAtomic(pidPath(home), `${JSON.stringify({ pid: child.pid, url: outcome.url })}\n`, 0o600);
  if (ctx.json) ctx.ui.json({ url: outcome.url, pid: child.pid });
  else ctx.ui.data(`${outcome.url}\n`);
  ctx.ui.note(`Serving in the background (pid ${child.pid}, log ${log}). Stop it with 'iamkeys serve --stop'.`);
}

export async function stop(ctx: Context): Promise<void> {
  const home = ctx.home();
  const server = running(home);
  if (!server) {
    ctx.ui.ok('No server started with --detach is running.');
    return;
  }
  ctx.ui.progress(`Stopping the server at ${server.url} (pid ${server.pid})...`);
  process.kill(server.pid, 'SIGTERM');
  const until = Date.now() + STOP_TIMEOUT_MS;
  while (isServe(server.pid)) {
    if (Date.now() > until) {
      throw new CliError(Exit.failure, `The server (pid ${server.pid}) did not stop within ${STOP_TIMEOUT_MS / 1000} s; see ${serveLogPath(home)}.`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  try {
    unlinkSync(pidPath(home));
  } catch {
    // already gone
  }
  ctx.ui.ok();
}
