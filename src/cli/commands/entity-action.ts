// The one shape of delete, lock, unlock, disable and enable, of a service ID or of one of its API keys: resolve
// the arguments, confirm, one request (with the conflict hints), report. A kind of entity says how its
// arguments are resolved and named; an action says its words and the request it makes.
import type { IamClient } from '../../client/iam-client.js';
import type { Context } from '../context.js';
import type { CliError } from '../errors.js';
import { refuseLocked, withConflictHints } from '../output/conflicts.js';
import { orNotFound } from '../resolve.js';
import { FORCE, defineCommand, type Command, type Given } from '../spec.js';
import { actionResult, begin, type Who } from './shared.js';

/** A kind of entity, over its arguments `A` as parsed (a service ID's name, or a key's and its service ID's). */
export interface EntityKind<A> {
  args: Command<A>['args'];
  parseArgs: (given: Given) => A;
  examples: (name: string) => string[];
  /** What the progress line says is being acted on, with the account and user it is done as. */
  progress: (ctx: Context, args: A, w: Who) => string;
  /** `API key 'k' of service ID 's'`, `service ID 's'`: in the question and (capitalised) the conflict message. */
  subject: (args: A) => string;
  /** The start of the OK line: `Service ID API key 'k'`. */
  okSubject: (ctx: Context, args: A) => string;
  /**
   * The entity the arguments name. With `readLock` it is read (a UUID too), so that a lock is told before the
   * question; without, a UUID may be taken as it is (`locked` is then unknown, false).
   */
  resolve: (client: IamClient, accountId: string, args: A, readLock: boolean) => Promise<{ id: string; locked: boolean }>;
  notFound: (args: A) => CliError;
  unlock: (id: string, args: A) => string;
  show: (id: string, args: A) => string;
}

export interface EntityAction {
  name: string;
  summary: string;
  /** `Deleting`, `Locking`... */
  doing: string;
  /** The question's verb and what follows the subject, e.g. ['delete', ' and all its API keys']. */
  ask: [string, string];
  /** `is deleted successfully`, `is locked`... */
  done: string;
  /** The `result` of `--output json`. */
  result: string;
  /** Refused for a locked entity (delete, disable, enable): said before the question. */
  refusedWhenLocked: boolean;
  apply: (client: IamClient, id: string) => Promise<void>;
}

export interface ActionOptions<A> {
  args: A;
  force: boolean;
}

export function entityAction<A>(kind: EntityKind<A>, a: EntityAction): Command<ActionOptions<A>> {
  return defineCommand({
    name: a.name,
    summary: a.summary,
    changes: true,
    args: kind.args,
    options: [FORCE],
    examples: kind.examples(a.name),
    parse: (given) => ({ args: kind.parseArgs(given), force: given.bool('force') }),
    async run(ctx, { args, force }) {
      const { client, accountId } = await begin(ctx, (w) => `${a.doing} ${kind.progress(ctx, args, w)}...`);
      // A lock is read only to be told before the question; with -f there is none, and IAM's 409 tells it.
      const { id, locked } = await kind.resolve(client, accountId, args, a.refusedWhenLocked && !force);
      const subject = kind.subject(args);
      const Subject = `${subject.charAt(0).toUpperCase()}${subject.slice(1)}`;
      const hints = { subject: Subject, unlock: kind.unlock(id, args), show: kind.show(id, args) };
      if (a.refusedWhenLocked) refuseLocked(locked, hints);
      await ctx.confirm(`Are you sure you want to ${a.ask[0]} ${subject}${a.ask[1]}?`, force);
      await withConflictHints(hints, () => orNotFound(() => a.apply(client, id), () => kind.notFound(args)));
      if (ctx.json) return actionResult(ctx, id, a.result);
      ctx.ui.ok(`${kind.okSubject(ctx, args)} ${a.done}`);
    },
  });
}
