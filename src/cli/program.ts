// The commander tree: every command at the root and again under `iam`, each with the global options, so a
// script written for `ibmcloud iam ...` runs with `alias ibmcloud=iamkeys`.
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { Context, type GlobalOptions, type RunDeps } from './context.js';
import { Given, type CommandSpec, type OptionSpec } from './spec.js';
import { ROOT_HELP_AFTER } from './output/root-help.js';

// package.json is two folders up from src/cli, dist/cli and dist/bundle alike.
export const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * The specs a run needs: only the named command when argv names one (building all ~40 commander commands
 * costs start-up time on every run), all of them for help and for unknown commands (suggestions).
 */
export function specsFor(argv: string[], specs: CommandSpec[]): CommandSpec[] {
  const name = argv[0] === 'iam' ? argv[1] : argv[0] === 'help' ? argv[1] : argv[0];
  const one = specs.find((s) => s.name === name);
  return one ? [one] : specs;
}

export const GLOBALS: OptionSpec[] = [
  { flags: '-o, --output <FORMAT>', description: 'Output format: JSON (any case)', choices: ['json'] },
  { flags: '-q, --quiet', description: 'Hide progress lines and OK' },
  { flags: '--no-color', description: 'No colour' },
  { flags: '--no-input', description: 'Never prompt; fail instead of asking' },
];

// commander's own wording is lower case; every other description here starts with a capital.
const HELP_OPTION = 'Display help for the command';

export const DRY_RUN: OptionSpec = { flags: '--dry-run', description: 'Show the request that would make the change, and change nothing' };

/** `withIam`: the commands under `iam` too; only a run whose first word is `iam` reaches them. */
export function buildProgram(specs: CommandSpec[], deps: RunDeps, onContext: (ctx: Context) => void, withIam = true): Command {
  const write = {
    writeOut: (s: string) => deps.io.stdout.write(s),
    writeErr: (s: string) => deps.io.stderr.write(s),
    outputError: () => {},
  };
  const program = new Command('iamkeys')
    .description('Manage IBM Cloud service IDs and their API keys, on a local IAM or IBM Cloud IAM')
    .version(VERSION, '-v, --version', 'Print the version')
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput(write)
    .helpOption('-h, --help', HELP_OPTION)
    .helpCommand('help [COMMAND]', 'Display help for a command')
    .addHelpText('after', ROOT_HELP_AFTER);
  const iam = program.command('iam').description('The same commands, as `ibmcloud iam <command>`')
    .enablePositionalOptions().exitOverride().configureOutput(write).helpOption('-h, --help', HELP_OPTION)
    .helpCommand('help [COMMAND]', 'Display help for a command');

  for (const parent of withIam ? [program, iam] : [program]) {
    for (const spec of specs) {
      if (spec.rootOnly && parent === iam) continue;
      const cmd = parent.command(spec.name).description(spec.summary).exitOverride().configureOutput(write).helpOption('-h, --help', HELP_OPTION);
      for (const a of spec.args) cmd.argument(a.syntax, a.description);
      for (const o of spec.options) {
        const opt = new Option(o.flags, o.description);
        if (o.defaultValue !== undefined) opt.default(o.defaultValue);
        if (o.hidden) opt.hideHelp();
        cmd.addOption(opt);
      }
      if (spec.changes) cmd.option(DRY_RUN.flags, DRY_RUN.description);
      for (const g of GLOBALS) cmd.option(g.flags, g.description);
      if (spec.examples?.length) cmd.addHelpText('after', `\nExamples:\n${spec.examples.map((e) => `  ${e}`).join('\n')}\n`);
      cmd.action(async (...received: unknown[]) => {
        const command = received[received.length - 1] as Command;
        const opts = command.opts<Record<string, unknown> & GlobalOptions>();
        const args = command.processedArgs.filter((a): a is string => typeof a === 'string');
        const ctx = new Context(deps, opts);
        onContext(ctx);
        await spec.run(ctx, spec.parse(new Given(args, opts)));
      });
    }
  }
  return program;
}
