// A service ID's `Access` tab: its access policies (service, resources, roles), `Assign access`, and on each row
// `Edit` (roles and description) and `Remove` (after a confirmation). While the service ID is locked, IAM refuses
// changes to its policies, so those controls are disabled with the reason, as a locked key's Edit is.
import type { ServiceId } from '../wire/types.js';
import type { Ctx } from './context.js';
import { confirmDialog } from './dialogs.js';
import { el } from './dom.js';
import { actionsMenu, type MenuItem } from './menu.js';
import { pagedList, type PagedList } from './paged.js';
import { deletePolicy, policyLister, type ShownPolicy } from './policies-api.js';
import { assignAccessDialog, editAccessDialog } from './policy-dialogs.js';
import { policyResources, policyRoles, policyService } from './policy-text.js';
import { table } from './tables.js';

const LOCKED = 'Unlock the service ID first to change its access.';
// The Edit dialog writes v1 policies; a v1 replace of a v2 policy would lose what v1 cannot hold (its rule).
const V2_EDIT = 'A v2 policy: change it through the v2 API (service-policy-update --api-version v2).';

export function accessPanel(ctx: Ctx, sid: ServiceId): HTMLElement {
  const list: PagedList = pagedList({
    label: 'Access policies',
    fetch: policyLister(ctx.api, sid.iam_id),
    table: (items: ShownPolicy[]) => table('Access policies', ['Service', 'Resources', 'Roles', 'Description', ''], items.map((s) => [
      policyService(s.policy),
      s.conditions ? el('div', {}, policyResources(s.policy), el('div', {}, 'With conditions (a v2 policy)')) : policyResources(s.policy),
      policyRoles(s.policy),
      s.policy.description ?? '',
      actionsMenu(() => policyActions(ctx, sid, s, () => list.reload())),
    ])),
    empty: 'This service ID has no access policies yet. Assign access to let its API keys use services.',
    notice: ctx.notice,
  });
  const assign = el('button', { type: 'button', class: 'primary' }, 'Assign access');
  if (sid.locked) {
    assign.setAttribute('aria-disabled', 'true');
    assign.title = LOCKED;
  }
  assign.addEventListener('click', () => {
    if (!sid.locked) assignAccessDialog(ctx, sid.iam_id, sid.name, () => list.reload());
  });
  return el('div', {},
    el('div', { class: 'title-row' }, el('h2', {}, 'Access policies'), assign),
    el('p', { class: 'intro' }, 'What this service ID, and every API key of it, may do.'),
    list.node);
}

function policyActions(ctx: Ctx, sid: ServiceId, s: ShownPolicy, reload: () => Promise<void>): MenuItem[] {
  const p = s.policy;
  const disabledReason = sid.locked ? LOCKED : undefined;
  return [
    { label: 'Edit', disabledReason: disabledReason ?? (s.version === 2 ? V2_EDIT : undefined), run: () => editAccessDialog(ctx, p.id, reload) },
    {
      label: 'Remove',
      disabledReason,
      run: () => confirmDialog({
        title: 'Remove access',
        text: ['Remove the access ', policyRoles(p), ' on ', policyService(p), ' from ', sid.name, '? Its API keys lose this access.'],
        confirmLabel: 'Remove',
        confirm: async () => {
          await deletePolicy(ctx.api, p.id, s.version);
          ctx.notice.ok(`The access policy was removed from ${sid.name}.`);
          await reload();
        },
      }),
    },
  ];
}
