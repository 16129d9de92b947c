// delete, lock and unlock of a service ID: the same shape (resolve, confirm, one request, report),
// told apart by their words and the request they make.
import type { IamClient } from '../../../client/iam-client.js';
import { withConflictHints } from '../../conflicts.js';
import { orNotFound, serviceIdNotFound, serviceIdOf } from '../../resolve.js';
import { FORCE, bool, type CommandSpec } from '../../spec.js';
import { actionResult, quoted, shown, who } from '../shared.js';

export interface ServiceIdAction {
  name: string;
  summary: string;
  /** `Deleting`, `Locking`... */
  doing: string;
  /** The question's verb and what follows the name, e.g. ['delete', ' and all its API keys'] */
  ask: [string, string];
  /** `is deleted successfully`, `is locked`... */
  done: string;
  result: string;
  apply: (client: IamClient, id: string) => Promise<void>;
}

export function serviceIdAction(a: ServiceIdAction): CommandSpec {
  return {
    name: a.name,
    summary: a.summary,
    changes: true,
    args: [{ syntax: '<NAME|UUID>', description: 'Name or UUID of the service ID' }],
    options: [FORCE],
    examples: [`iamkeys ${a.name} sample-test -f`, `iamkeys ${a.name} ServiceId-cb258cb9-8de3-4ac0-9aec-b2b2d27ac976`],
    async run(ctx, [arg], opts) {
      const w = await who(ctx);
      ctx.ui.progress(`${a.doing} service ID ${shown(ctx, arg!)} as ${w.user}...`);
      const client = (await ctx.client());
      const id = await serviceIdOf(client, (await ctx.identity()).accountId, arg!);
      await ctx.confirm(`Are you sure you want to ${a.ask[0]} service ID ${quoted(arg!)}${a.ask[1]}?`, bool(opts['force']));
      await withConflictHints({
        subject: `Service ID ${quoted(arg!)}`, unlock: `iamkeys service-id-unlock ${id}`, show: `iamkeys service-id ${id}`,
      }, () => orNotFound(() => a.apply(client, id), () => serviceIdNotFound(arg!)));
      if (ctx.json) return actionResult(ctx, id, a.result);
      ctx.ui.ok(`Service ID ${shown(ctx, arg!)} ${a.done}`);
    },
  };
}
