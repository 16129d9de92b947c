// delete, lock, unlock, disable and enable of a service ID's API key: resolve, confirm, one request, report.
import type { IamClient } from '../../../client/iam-client.js';
import { withConflictHints } from '../../conflicts.js';
import { apiKeyIdOf, apiKeyNotFound, orNotFound } from '../../resolve.js';
import { FORCE, bool, type CommandSpec } from '../../spec.js';
import { actionResult, quoted, shown, who } from '../shared.js';

export interface ApiKeyAction {
  name: string;
  summary: string;
  doing: string;
  verb: string;
  done: string;
  result: string;
  apply: (client: IamClient, id: string) => Promise<void>;
}

export const KEY_ARGS = [
  { syntax: '<APIKEY>', description: 'Name or UUID of the API key' },
  { syntax: '<SERVICE_ID>', description: 'Name or UUID of the service ID' },
];

export function apiKeyAction(a: ApiKeyAction): CommandSpec {
  return {
    name: a.name,
    summary: a.summary,
    changes: true,
    args: KEY_ARGS,
    options: [FORCE],
    examples: [`iamkeys ${a.name} sample-key sample-service`, `iamkeys ${a.name} sample-key sample-service -f`],
    async run(ctx, [keyArg, sidArg], opts) {
      const w = await who(ctx);
      ctx.ui.progress(`${a.doing} API key ${shown(ctx, keyArg!)} of service ID ${shown(ctx, sidArg!)} under account ${w.account} as ${w.user}...`);
      const client = (await ctx.client());
      const id = await apiKeyIdOf(client, (await ctx.identity()).accountId, keyArg!, sidArg!);
      await ctx.confirm(`Are you sure you want to ${a.verb} API key ${quoted(keyArg!)} of service ID ${quoted(sidArg!)}?`, bool(opts['force']));
      await withConflictHints({
        subject: `API key ${quoted(keyArg!)} of service ID ${quoted(sidArg!)}`,
        unlock: `iamkeys service-api-key-unlock ${id} ${sidArg}`, show: `iamkeys service-api-key ${id} ${sidArg}`,
      }, () => orNotFound(() => a.apply(client, id), () => apiKeyNotFound(keyArg!, sidArg!)));
      if (ctx.json) return actionResult(ctx, id, a.result);
      ctx.ui.ok(`Service ID API key ${shown(ctx, keyArg!)} ${a.done}`);
    },
  };
}
