// The command tree as completion sees it, taken from the command specs and the global options, so the shell
// scripts and the name completion stay true to the commands without a list kept by hand.
import { DRY_RUN, GLOBALS } from '../program.js';
import type { CommandSpec, OptionSpec } from '../spec.js';

export interface FlagNode {
  long: string;
  short?: string;
  description: string;
  /** Takes a value (`--name <NAME>`). */
  takesValue: boolean;
  choices?: string[];
  /** The value is a file name. */
  file: boolean;
  /** The values are asked of IAM (`iamkeys __complete`), as positional names are. */
  dynamic?: 'role' | 'service';
}

/** What a positional argument completes to. */
export type ArgKind = 'service-id' | 'api-key' | 'user-key' | 'policy' | 'none' | { choices: string[] };

export interface CommandNode {
  name: string;
  summary: string;
  /** Also under `iam`. */
  underIam: boolean;
  flags: FlagNode[];
  args: ArgKind[];
}

const HELP: FlagNode = { long: '--help', short: '-h', description: 'Show help', takesValue: false, file: false };

export function flagNode(o: OptionSpec): FlagNode {
  const short = /(^|[ ,])(-[a-zA-Z])\b/.exec(o.flags)?.[2];
  // A short-only option (`-g <RESOURCE_GROUP>`, as ibmcloud has) is its own long form here.
  const long = /--[a-z0-9-]+/i.exec(o.flags)?.[0] ?? short ?? o.flags;
  const takesValue = /[<[]/.test(o.flags);
  return {
    long, ...(short && short !== long ? { short } : {}), description: o.description, takesValue,
    ...(o.choices ? { choices: o.choices } : {}),
    file: takesValue && /<FILE>/.test(o.flags),
    ...(o.complete ? { dynamic: o.complete } : {}),
  };
}

/** Known argument names; any other argument (a new name, an email) completes to nothing. */
function argKind({ syntax, complete }: { syntax: string; complete?: 'user-key' }): ArgKind {
  if (complete) return complete;
  const s = syntax.replace(/[<>[\]]/g, '');
  if (s === 'SERVICE_ID') return 'service-id';
  if (s === 'APIKEY') return 'api-key';
  if (s === 'POLICY_ID') return 'policy';
  if (s === 'SHELL') return { choices: ['bash', 'zsh', 'fish'] };
  if (s === 'ROLE') return { choices: ['admin', 'user'] };
  return 'none';
}

export function commandTree(specs: CommandSpec[]): CommandNode[] {
  return specs.map((spec) => ({
    name: spec.name,
    summary: spec.summary,
    underIam: !spec.rootOnly,
    flags: [...spec.options.filter((o) => !o.hidden), ...(spec.changes ? [DRY_RUN] : []), ...GLOBALS].map(flagNode).concat(HELP),
    args: spec.args.map(argKind),
  }));
}

/** The flags of the program itself, before a command. */
export const ROOT_FLAGS: FlagNode[] = [HELP, { long: '--version', short: '-v', description: 'Print the version', takesValue: false, file: false }];
