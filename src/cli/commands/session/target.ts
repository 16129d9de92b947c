import { resolveTarget } from '../../client-factory.js';
import { storePath } from '../../home.js';
import type { CommandSpec } from '../../spec.js';

export const target: CommandSpec = {
  name: 'target',
  summary: 'Show where commands go, the account and the identity',
  rootOnly: true,
  args: [],
  options: [],
  async run(ctx) {
    const t = resolveTarget({ home: ctx.home(), settings: ctx.settings(), env: ctx.io.env, stderr: ctx.io.stderr });
    const id = await ctx.identity();
    const endpoint = t.kind === 'local' ? `local (embedded, ${storePath(ctx.home())})` : t.endpoint;
    if (ctx.json) return ctx.ui.json({ endpoint: t.kind === 'local' ? 'local' : t.endpoint, account_id: id.accountId, iam_id: id.iamId, user: id.display });
    ctx.ui.details([['IAM endpoint', endpoint], ['Account', id.accountId], ['User', id.display], ['IAM ID', id.iamId]]);
  },
};
