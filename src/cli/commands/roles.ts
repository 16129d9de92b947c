// `roles [--service S] [--roles NAMES]`: the roles a policy can give, from IAM's `/v2/roles`: without --service
// the platform roles and the account's custom roles; with it, that service's roles too. --roles shows the named
// roles in full (their CRNs and actions); a name that is not there fails as policy-create does.
import { PolicyClient } from '../../client/policy-client.js';
import type { Role, RoleCollection } from '../../wire/policies.js';
import { usageError } from '../errors.js';
import { parseRoleList } from '../policies/policy-input.js';
import { pooledRoles, roleNotFound } from '../policies/role-crns.js';
import { defineCommand } from '../spec.js';
import { begin, shown } from './shared.js';

type Typed = Role & { type: 'custom' | 'service' | 'platform' };

function typed(c: RoleCollection): Typed[] {
  return [
    ...c.system_roles.map((r) => ({ ...r, type: 'platform' as const })),
    ...c.service_roles.map((r) => ({ ...r, type: 'service' as const })),
    ...c.custom_roles.map((r) => ({ ...r, type: 'custom' as const })),
  ];
}

export const roles = defineCommand({
  name: 'roles',
  summary: 'List the roles that policies can give: platform, service and custom roles',
  args: [],
  options: [
    { flags: '--service <SERVICE_NAME>', description: 'Roles of this service too (e.g. iam-identity, kms; resource-controller for resource groups)', complete: 'service' },
    { flags: '--resource-type <RESOURCE_TYPE>', description: 'Accepted for compatibility with ibmcloud; roles are listed by service' },
    { flags: '--roles <ROLE_NAMES>', description: 'Show these roles in full (comma-separated display names)', complete: 'role' },
  ],
  examples: ['iamkeys roles', 'iamkeys roles --service iam-identity', 'iamkeys roles --service kms --roles Reader,Manager --output json'],
  parse(given) {
    const service = given.str('service');
    if (service !== undefined && service.trim() === '') throw usageError('--service needs a service name.');
    if (given.given('resourceType') && service === undefined) throw usageError('--resource-type goes with --service.');
    const names = given.str('roles');
    return { service: service?.trim(), names: names === undefined ? undefined : parseRoleList(names) };
  },
  async run(ctx, { service, names }) {
    const { client, accountId } = await begin(ctx, (w) => (service !== undefined
      ? `Getting roles of service ${shown(ctx, service)} ${w.where}...`
      : `Getting platform roles and custom roles ${w.where}...`));
    const all = await new PolicyClient(client).roles({ account_id: accountId, ...(service !== undefined ? { service_name: service } : {}) });
    if (names === undefined) {
      if (ctx.json) return ctx.ui.json(all);
      ctx.ui.ok();
      return ctx.ui.table(['Name', 'Type', 'CRN'], typed(all).map((r) => [r.display_name, r.type, r.crn]));
    }
    const pool = pooledRoles(all);
    for (const n of names) if (!pool.some((r) => r.display_name === n)) throw roleNotFound(n, pool);
    const keep = (r: Role): boolean => names.includes(r.display_name);
    if (ctx.json) {
      return ctx.ui.json({ custom_roles: all.custom_roles.filter(keep), service_roles: all.service_roles.filter(keep), system_roles: all.system_roles.filter(keep) });
    }
    ctx.ui.ok();
    for (const [i, r] of typed(all).filter(keep).entries()) {
      if (i === 0) ctx.ui.say('');
      else ctx.ui.data('\n'); // -q too: roles stay apart
      ctx.ui.details([['Name', r.display_name], ['Type', r.type], ['CRN', r.crn], ['Description', r.description ?? ''], ['Actions', r.actions.join(', ')]]);
    }
  },
});
