// run(argv, deps) → exit code. The one place where errors become exit codes (the README's table) and FAILED lines.
// Never calls process.exit: bin/iamkeys.js sets process.exitCode from the result.
import { CommanderError } from 'commander';
import { DryRunStop } from '../client/dry-run.js';
import { ApiError, AuthError, NetworkError } from '../client/errors.js';
import { StoreError } from '../emulator/store-error.js';
import { showPlan } from './output/dry-run-plan.js';
import type { Context, RunDeps } from './context.js';
import { CliError, DeclinedError, InterruptedError } from './errors.js';
import { Exit, type ExitCode } from './exit-codes.js';
import { buildProgram, GLOBALS, specsFor } from './program.js';
import { goLongFlags } from './input/go-flags.js';
import { safeText } from './output/safe.js';
import { describeApiError } from './output/api-error-text.js';
import { describeStoreError } from './output/store-failure.js';
import { COMMANDS } from './commands/index.js';
import { runComplete, runCompleteRefresh } from './completion/complete.js';
import { Ui } from './output/ui.js';
import { hoistGlobals } from './input/global-args.js';
import { helpTopicOrCommand, meantCommand } from './input/typos.js';
import { positionals } from './input/positionals.js';
import { commanderUsageText, didYouMean, quoteHint } from './output/usage-text.js';

export async function run(given: string[], deps: RunDeps): Promise<ExitCode> {
  // The completion scripts' helpers: not commands a user types, so not in the help.
  if (given[0] === '__complete') return runComplete(given.slice(1), deps);
  if (given[0] === '__complete-refresh') return runCompleteRefresh(deps);
  // Global options before the command move after it first, so that Go's single-dash long options are then
  // read against the command's own options.
  const argv = goLongFlags(helpTopicOrCommand(hoistGlobals(given), COMMANDS), COMMANDS, GLOBALS.map((g) => g.flags));
  let ctx: Context | undefined;
  const program = buildProgram(specsFor(argv, COMMANDS), deps, (c) => { ctx = c; }, argv[0] === 'iam');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return Exit.ok;
  } catch (err) {
    const ui = ctx?.ui ?? new Ui(deps.io, { json: false, quiet: false, color: !argv.includes('--no-color') });
    if (err instanceof CommanderError && err.code === 'commander.unknownCommand') return unknownCommand(err, ui);
    if (err instanceof CommanderError && err.code === 'commander.excessArguments') return tooManyArguments(err, argv, ui);
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
    // `iamkeys help` asked for it (exit 0); no command at all printed it on stderr as a usage error.
    if (err.code === 'commander.help') return err.exitCode === 0 ? Exit.ok : Exit.usage;
    const text = err.code === 'commander.unknownOption' && err.message.includes("'--dry-run'")
      ? 'This command changes nothing, so it takes no --dry-run.'
      : commanderUsageText(err.message);
    ui.failed(`Incorrect Usage: ${text}\nRun with -h for the command's usage.`);
    return Exit.usage;
  }
  if (err instanceof DryRunStop) {
    showPlan(ui, err);
    return Exit.ok;
  }
  if (err instanceof DeclinedError) {
    ui.error(err.message);
    return Exit.failure;
  }
  if (err instanceof InterruptedError) {
    ui.error(err.message);
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
  // These messages carry IAM's words (a token error, an answer's text) or the endpoint: escaped like names.
  if (err instanceof NetworkError) {
    ui.failed(safeText(err.message));
    return Exit.unreachable;
  }
  if (err instanceof AuthError) {
    ui.failed(safeText(err.message));
    return Exit.auth;
  }
  if (err instanceof StoreError) {
    ui.failed(describeStoreError(err));
    return Exit.failure;
  }
  const e = err as Error;
  const debug = (env['IBMCLOUD_TRACE'] ?? '') !== '' && env['IBMCLOUD_TRACE'] !== 'false';
  ui.failed(`Unexpected error: ${safeText(e?.message ?? String(err))}${debug && e?.stack ? `\n${e.stack}` : ''}`);
  return Exit.failure;
}

function unknownCommand(err: CommanderError, ui: Ui): ExitCode {
  const typed = /unknown command '([^']*)'/.exec(err.message)?.[1] ?? '';
  const meant = meantCommand(typed);
  const text = meant ? `Unknown command '${safeText(typed)}'.${didYouMean([meant])}` : commanderUsageText(err.message);
  ui.failed(`Incorrect Usage: ${text}\nRun 'iamkeys help' for the list of commands.`);
  return Exit.usage;
}

/** More arguments than the command takes: most often a name with spaces typed without quotes. */
function tooManyArguments(err: CommanderError, argv: string[], ui: Ui): ExitCode {
  const name = /for '([^']*)'/.exec(err.message)?.[1];
  const spec = COMMANDS.find((s) => s.name === name);
  const at = argv.indexOf(name ?? '');
  const words = argv.slice(at + 1);
  const hint = spec && at >= 0
    ? quoteHint(spec.name, words, positionals(words, spec), spec.args.filter((a) => a.syntax.startsWith('<')).length)
    : quoteHint(name ?? '', [], [], 0);
  ui.failed(`Incorrect Usage: ${commanderUsageText(err.message)}\n${hint}\nRun with -h for the command's usage.`);
  return Exit.usage;
}

export function exitForStatus(status: number): ExitCode {
  if (status === 401 || status === 403) return Exit.auth;
  if (status === 404) return Exit.notFound;
  if (status === 409 || status === 412) return Exit.conflict;
  if (status === 429 || status >= 500) return Exit.unreachable;
  if (status === 400 || status === 422) return Exit.usage;
  return Exit.failure;
}
