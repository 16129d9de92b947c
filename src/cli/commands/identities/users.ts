import { defineCommand } from '../../spec.js';
import { safeJson } from '../../output/safe.js';
import { begin } from '../shared.js';
import { USER_COLUMNS, localIam, userCells } from './shared.js';

export const users = defineCommand({
  name: 'users',
  summary: 'Local IAM: list the users of the account, their roles and grants (owner and administrators only)',
  rootOnly: true,
  args: [],
  options: [],
  examples: ['iamkeys users', 'iamkeys users --output json'],
  parse: () => ({}),
  async run(ctx) {
    const api = await localIam(ctx);
    await begin(ctx, (w) => `Getting users of account ${w.account} as ${w.user}...`);
    const list = await api.listUsers();
    if (ctx.json) return ctx.ui.data(`${safeJson(list)}\n`);
    ctx.ui.ok();
    ctx.ui.table(USER_COLUMNS, list.map(userCells));
  },
});
