import type { CommandSpec } from '../../spec.js';
import { safeJson } from '../../render/safe.js';
import { who } from '../shared.js';
import { USER_COLUMNS, localIam, userCells } from './shared.js';

export const users: CommandSpec = {
  name: 'users',
  summary: 'Local IAM: list the users of the account, their roles and grants (owner and administrators only)',
  rootOnly: true,
  args: [],
  options: [],
  examples: ['iamkeys users', 'iamkeys users --output json'],
  async run(ctx) {
    const api = await localIam(ctx);
    const w = await who(ctx);
    ctx.ui.progress(`Getting users of account ${w.account} as ${w.user}...`);
    const list = await api.listUsers();
    if (ctx.json) return ctx.ui.data(`${safeJson(list)}\n`);
    ctx.ui.ok();
    ctx.ui.table(USER_COLUMNS, list.map(userCells));
  },
};
