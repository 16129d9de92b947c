// The tables of service IDs and of API keys. Every value from IAM goes in as text.
import type { ApiKey, ServiceId } from '../wire/types.js';
import { el, type Child } from './dom.js';
import type { Ctx } from './context.js';
import { entityActions } from './entity-actions.js';
import { actionsMenu } from './menu.js';

const yesNo = (b: boolean): string => (b ? 'Yes' : 'No');
export const serviceIdHref = (id: string): string => `#/serviceids/${encodeURIComponent(id)}`;

function table(caption: string, head: string[], rows: Child[][]): HTMLTableElement {
  return el('table', {},
    el('caption', { class: 'visually-hidden' }, caption),
    el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...rows.map((cells) => el('tr', {}, ...cells.map((c, i) => (i === 0 ? el('th', { scope: 'row' }, c) : el('td', {}, c)))))));
}

export function serviceIdTable(ctx: Ctx, items: ServiceId[], reload: () => Promise<void>): HTMLTableElement {
  return table('Service IDs', ['Name', 'Description', 'Created', 'Locked', ''], items.map((s) => [
    el('a', { href: serviceIdHref(s.id) }, s.name),
    s.description ?? '',
    s.created_at,
    yesNo(s.locked),
    actionsMenu(() => [
      { label: 'Manage service ID', run: () => { location.hash = serviceIdHref(s.id); } },
      ...entityActions(ctx, 'serviceid', s, reload),
    ]),
  ]));
}

/** Keys of one service ID, or of many (then with their owner's IAM ID). "Last used" when IAM reports activity. */
export function apiKeyTable(ctx: Ctx, items: ApiKey[], reload: () => Promise<void>, withOwner: boolean): HTMLTableElement {
  const activity = items.some((k) => k.activity !== undefined);
  const head = ['Name', ...(withOwner ? ['Owner'] : []), 'Description', 'Created', 'Locked', 'Disabled', 'Expires', ...(activity ? ['Last used'] : []), ''];
  return table('API keys', head, items.map((k) => [
    k.name,
    ...(withOwner ? [ownerCell(k.iam_id)] : []),
    k.description ?? '',
    k.created_at,
    yesNo(k.locked),
    yesNo(k.disabled),
    k.expires_at ?? 'Never',
    ...(activity ? [k.activity ? `${k.activity.last_authn ?? 'Never'} (${k.activity.authn_count} sign-ins)` : ''] : []),
    actionsMenu(() => entityActions(ctx, 'apikey', k, reload)),
  ]));
}

function ownerCell(iamId: string): Child {
  const sid = /^iam-(ServiceId-.+)$/.exec(iamId)?.[1];
  return sid ? el('a', { href: serviceIdHref(sid) }, iamId) : iamId;
}
