// run(argv, deps) → exit code. The one place where errors become exit codes (design §6) and FAILED lines.
// Never calls process.exit: bin/iamkeys.js sets process.exitCode from the result.
import { CommanderError } from 'commander';
import { DryRunStop } from '../client/dry-run.js';
import { ApiError, AuthError, LocalStoreError, NetworkError } from '../client/errors.js';
import { showPlan } from './dry-run-plan.js';
import type { Context, RunDeps } from './context.js';
import { CliError, DeclinedError, InterruptedError } from './errors.js';
import { Exit, type ExitCode } from './exit-codes.js';
import { buildProgram, specsFor } from './program.js';
import { safeText } from './render/safe.js';
import { describeApiError } from './api-error-text.js';
import { COMMANDS } from './commands/index.js';
import { runComplete, runCompleteRefresh } from './completion/complete.js';
import { Ui } from './ui.js';

export async function run(argv: string[], deps: RunDeps): Promise<ExitCode> {
  // The completion scripts' helpers: not commands a user types, so not in the help.
  if (argv[0] === '__complete') return runComplete(argv.slice(1), deps);
  if (argv[0] === '__complete-refresh') return runCompleteRefresh(deps);
  let ctx: Context | undefined;
  const program = buildProgram(specsFor(argv, COMMANDS), deps, (c) => { ctx = c; });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return Exit.ok;
  } catch (err) {
    const ui = ctx?.ui ?? new Ui(deps.io, { json: false, quiet: false, color: !argv.includes('--no-color') });
    return report(err, ui, deps.io.env);
  } finally {
    try {
      await (ctx as Context | undefined)?.close();
    } catch {
      // closing a store or a connection pool cannot change the outcome
    }
  }
}

function report(err: unknown, ui: Ui, env: Record<string, string | undefined>): ExitCode {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return Exit.ok;
    if (err.code === 'commander.help') return Exit.usage; // no command given: help went to stderr
    const text = err.message.replace(/^error: /, '');
    ui.failed(`Incorrect Usage: ${text.charAt(0).toUpperCase()}${text.slice(1)}\nRun with -h for the command's usage.`);
    return Exit.usage;
  }
  if (err instanceof DryRunStop) {
    showPlan(ui, err);
    return Exit.ok;
  }
  if (err instanceof DeclinedError) {
    ui.say(err.message);
    return Exit.failure;
  }
  if (err instanceof InterruptedError) {
    ui.say(err.message);
    return Exit.interrupted;
  }
  if (err instanceof CliError) {
    ui.failed(err.message);
    return err.exitCode;
  }
  if (err instanceof ApiError) {
    ui.failed(describeApiError(err));
    return exitForStatus(err.status);
  }
  if (err instanceof NetworkError) {
    ui.failed(err.message);
    return Exit.unreachable;
  }
  if (err instanceof AuthError) {
    ui.failed(err.message);
    return Exit.auth;
  }
  if (err instanceof LocalStoreError) {
    ui.failed(safeText(err.message));
    return Exit.failure;
  }
  const e = err as Error;
  const debug = (env['IBMCLOUD_TRACE'] ?? '') !== '' && env['IBMCLOUD_TRACE'] !== 'false';
  ui.failed(`Unexpected error: ${safeText(e?.message ?? String(err))}${debug && e?.stack ? `\n${e.stack}` : ''}`);
  return Exit.failure;
}

export function exitForStatus(status: number): ExitCode {
  if (status === 401 || status === 403) return Exit.auth;
  if (status === 404) return Exit.notFound;
  if (status === 409 || status === 412) return Exit.conflict;
  if (status === 429 || status >= 500) return Exit.unreachable;
  if (status === 400 || status === 422) return Exit.usage;
  return Exit.failure;
}
