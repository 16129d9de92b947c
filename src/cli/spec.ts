// How a command is described: its arguments, options and run function. program.ts turns each spec into a
// commander command twice, at the root and under `iam`, so `iamkeys iam service-ids` works as `ibmcloud iam`.
import type { Context } from './context.js';

export interface OptionSpec {
  flags: string;
  description: string;
  defaultValue?: string | boolean;
  /** Accepted but left out of --help (ibmcloud options iamkeys refuses with a sentence). */
  hidden?: boolean;
  /** The values the option takes, for help and shell completion (not enforced by the parser). */
  choices?: string[];
}

export interface CommandSpec {
  name: string;
  summary: string;
  /** commander argument syntax, e.g. `<NAME>`, `[SERVICE_ID]` */
  args: { syntax: string; description: string }[];
  options: OptionSpec[];
  examples?: string[];
  /** Not repeated under `iam` (login, logout, target, serve are not `ibmcloud iam` commands). */
  rootOnly?: boolean;
  /** Changes something at IAM: gets --dry-run, which shows the change instead of making it. */
  changes?: boolean;
  run(ctx: Context, args: string[], opts: Record<string, unknown>): Promise<void>;
}

export const FORCE: OptionSpec = { flags: '-f, --force', description: 'Go ahead without confirmation' };

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const bool = (v: unknown): boolean => v === true;
