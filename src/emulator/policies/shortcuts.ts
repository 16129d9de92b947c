// The policies the local IAM's own shortcuts stand for (user-role, service-id-grant, and the migration of
// stores made before policies):
//   - an administrator: Administrator on the whole of IAM Identity in the account;
//   - a user given one service ID: Operator on that service ID (resourceType=serviceid, resource=<id>). Operator
//     grants exactly what such a grant did (view, update, lock, delete the ID; create, change, delete its keys)
//     and no more: Administrator would add the right to assign access to it, which a grant never had.
import { ATTR } from '../../wire/policies.js';
import { systemRoleCrn } from './catalogue.js';
import { IDENTITY } from './authority.js';
import { draftV1, type PolicyDraft } from './shapes.js';

export const ADMINISTRATOR = systemRoleCrn('Administrator');
export const OPERATOR = systemRoleCrn('Operator');

const eq = (name: string, value: string) => ({ name, value, operator: 'stringEquals' });

export function administratorDraft(accountId: string, iamId: string): PolicyDraft {
  return draftV1({
    type: 'access',
    subjects: [{ attributes: [{ name: ATTR.iamId, value: iamId }] }],
    roles: [{ role_id: ADMINISTRATOR }],
    resources: [{ attributes: [eq(ATTR.accountId, accountId), eq(ATTR.serviceName, IDENTITY)] }],
  });
}

export function serviceIdDraft(accountId: string, iamId: string, serviceId: string): PolicyDraft {
  return draftV1({
    type: 'access',
    subjects: [{ attributes: [{ name: ATTR.iamId, value: iamId }] }],
    roles: [{ role_id: OPERATOR }],
    resources: [{ attributes: [eq(ATTR.accountId, accountId), eq(ATTR.serviceName, IDENTITY), eq(ATTR.resourceType, 'serviceid'), eq(ATTR.resource, serviceId)] }],
  });
}
