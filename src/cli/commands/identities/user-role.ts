import { defineCommand } from '../../spec.js';
import { begin, shown } from '../shared.js';
import { USER_ARG, localIam, orUserNotFound, userIdOf, userRows } from './shared.js';

export const userRole = defineCommand({
  name: 'user-role',
  summary: "Local IAM: set a user's role, admin (IAM Identity Administrator) or user (only the owner gives or takes admin)",
  rootOnly: true,
  changes: true,
  args: [USER_ARG, { syntax: '<ROLE>', description: 'admin or user' }],
  options: [],
  examples: ['iamkeys user-role alice@example.com admin', 'iamkeys user-role alice@example.com user'],
  parse: (given) => ({ user: given.arg(0), role: given.arg(1) }),
  async run(ctx, { user: userArg, role }) {
    const api = await localIam(ctx);
    await begin(ctx, (w) => `Setting the role of user ${shown(ctx, userArg)} to ${shown(ctx, role)} ${w.where}...`);
    const iamId = await userIdOf(api, userArg);
    const user = await orUserNotFound(userArg, () => api.setRole(iamId, role));
    if (ctx.json) return ctx.ui.json(user);
    ctx.ui.ok(`User ${shown(ctx, user.name)} now has the role ${shown(ctx, user.role)}\n`);
    ctx.ui.details(userRows(user));
  },
});
