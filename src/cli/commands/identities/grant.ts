// service-id-grant / service-id-revoke: give a user access to one service ID, or take it back (the seed: "Users
// can also be given access to a single service ID only").
import { orNotFound, serviceIdNotFound, serviceIdOf } from '../../resolve.js';
import { defineCommand } from '../../spec.js';
import { begin, shown } from '../shared.js';
import { USER_ARG, localIam, orUserNotFound, userIdOf } from './shared.js';

function grantCommand(on: boolean) {
  const name = on ? 'service-id-grant' : 'service-id-revoke';
  return defineCommand({
    name,
    summary: on
      ? 'Local IAM: let a user manage one service ID and its API keys (owner and administrators only)'
      : 'Local IAM: take back a user\'s access to one service ID (owner and administrators only)',
    rootOnly: true,
    changes: true,
    args: [USER_ARG, { syntax: '<SERVICE_ID>', description: 'Name or UUID of the service ID' }],
    options: [],
    examples: [`iamkeys ${name} alice@example.com sample-service`],
    parse: (given) => ({ user: given.arg(0), sid: given.arg(1) }),
    async run(ctx, { user: userArg, sid: sidArg }) {
      const api = await localIam(ctx);
      const { client, accountId } = await begin(ctx, (w) =>
        `${on ? 'Granting' : 'Revoking'} access of user ${shown(ctx, userArg)} to service ID ${shown(ctx, sidArg)} ${w.where}...`);
      const iamId = await userIdOf(api, userArg);
      const sidId = await serviceIdOf(client, accountId, sidArg);
      await orNotFound(() => orUserNotFound(userArg, () => api.setGrant(iamId, sidId, on)), () => serviceIdNotFound(sidArg));
      if (ctx.json) return ctx.ui.json({ iam_id: iamId, service_id: sidId, result: on ? 'granted' : 'revoked' });
      ctx.ui.ok(on
        ? `User ${shown(ctx, userArg)} can now manage service ID ${shown(ctx, sidArg)} and its API keys`
        : `User ${shown(ctx, userArg)} no longer manages service ID ${shown(ctx, sidArg)} through a grant`);
    },
  });
}

export const serviceIdGrant = grantCommand(true);
export const serviceIdRevoke = grantCommand(false);
