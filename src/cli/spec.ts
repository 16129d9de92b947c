// How a command is described: its arguments and options, a parse step and a run step (the GitHub CLI's shape).
// program.ts turns each spec into a commander command twice, at the root and under `iam`, so
// `iamkeys iam service-ids` works as `ibmcloud iam`. commander hands over strings and booleans; `parse` turns
// them into the command's own typed options, checking everything that needs no store, no file and no request,
// so bad input fails the same way before anything is touched. `run` gets only the typed options.
import type { Context } from './context.js';
import { usageError } from './errors.js';

export interface OptionSpec {
  flags: string;
  description: string;
  defaultValue?: string | boolean;
  /** Accepted but left out of --help (ibmcloud options iamkeys refuses with a sentence). */
  hidden?: boolean;
  /** The values the option takes, for help and shell completion (not enforced by the parser). */
  choices?: string[];
  /** Values that shell completion asks IAM for: role names, service names. */
  complete?: 'role' | 'service';
}

/** What commander received for one run: the arguments and the options by their camel-case keys. */
export class Given {
  constructor(
    private readonly positional: readonly (string | undefined)[],
    private readonly opts: Readonly<Record<string, unknown>> = {},
    /** The time relative options (--expires-in) count from; fixed in tests. */
    readonly now: number = Date.now(),
  ) {}

  /** A required argument (`<NAME>`): commander has checked it is there; a missing one is a usage error. */
  arg(i: number): string {
    const v = this.positional[i];
    if (v === undefined) throw usageError(`Missing argument ${i + 1}.`);
    return v;
  }

  /** An optional argument (`[SERVICE_ID]`). */
  optionalArg(i: number): string | undefined {
    return this.positional[i];
  }

  /** An option's value, when one was given as text. */
  str(key: string): string | undefined {
    const v = this.opts[key];
    return typeof v === 'string' ? v : undefined;
  }

  /** A flag: true only when given. */
  bool(key: string): boolean {
    return this.opts[key] === true;
  }

  /** Whether the option was given at all (as text, a flag, or its --no- form). */
  given(key: string): boolean {
    return this.opts[key] !== undefined;
  }

  /** Whether the option's --no- form was given (`--no-region`). */
  negated(key: string): boolean {
    return this.opts[key] === false;
  }

  /** The flags among `names` (key → flag as typed) that were given, for "ignored" notes. */
  flagsGiven(names: Record<string, string>): string[] {
    return Object.entries(names).filter(([key]) => this.given(key) && !this.negated(key)).map(([, flag]) => flag);
  }
}

export interface Command<O> {
  name: string;
  summary: string;
  /** commander argument syntax, e.g. `<NAME>`, `[SERVICE_ID]` */
  args: { syntax: string; description: string; /** what completion offers, where the syntax alone does not say */ complete?: 'user-key' }[];
  options: OptionSpec[];
  examples?: string[];
  /** Not repeated under `iam` (login, logout, target, serve are not `ibmcloud iam` commands). */
  rootOnly?: boolean;
  /** Changes something at IAM: gets --dry-run, which shows the change instead of making it. */
  changes?: boolean;
  /** Pure: what was given → the command's options; bad input throws a usage error (exit 2). */
  parse(given: Given): O;
  run(ctx: Context, o: O): Promise<void>;
}

/** Any command, its options' type forgotten: what the program, completion and the command list hold. */
export type CommandSpec = Command<unknown>;

/** A command whose options type is inferred from its parse step. */
export function defineCommand<O>(c: Command<O>): Command<O> {
  return c;
}

export const FORCE: OptionSpec = { flags: '-f, --force', description: 'Go ahead without confirmation' };
