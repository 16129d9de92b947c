// The tables of service IDs and of API keys. Every value from IAM goes in as text.
import type { ApiKey, ServiceId } from '../wire/types.js';
import { el, type Child } from './dom.js';
import type { Ctx } from './context.js';
import { entityActions } from './entity-actions.js';
import { actionsMenu } from './menu.js';

const yesNo = (b: boolean): string => (b ? 'Yes' : 'No');

/** IAM's `2026-11-30T17:05+0000`, shown as `2026-11-30 17:05 UTC`; any other form as it came. */
export function when(raw: string | undefined, none = ''): Child {
  if (raw === undefined) return none;
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)\+0000$/.exec(raw);
  return el('time', { datetime: raw, class: 'nowrap' }, m ? `${m[1]} ${m[2]} UTC` : raw);
}
export const serviceIdHref = (id: string): string => `#/serviceids/${encodeURIComponent(id)}`;

/**
 * A table; the first cell of a row is its header. Each cell carries its column's name in data-label, which a
 * narrow screen shows before the value when the rows become cards; the unnamed last column holds the row's
 * Actions menu.
 */
export function table(caption: string, head: string[], rows: Child[][]): HTMLTableElement {
  const cell = (c: Child, i: number): HTMLElement => {
    if (i === 0) return el('th', { scope: 'row' }, c);
    const label = head[i] ?? '';
    return el('td', label ? { 'data-label': label } : { class: 'row-actions' }, c);
  };
  return el('table', {},
    el('caption', { class: 'visually-hidden' }, caption),
    el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...rows.map((cells) => el('tr', {}, ...cells.map(cell)))));
}

export function serviceIdTable(ctx: Ctx, items: ServiceId[], reload: () => Promise<void>): HTMLTableElement {
  return table('Service IDs', ['Name', 'Description', 'Created', 'Locked', ''], items.map((s) => [
    el('a', { href: serviceIdHref(s.id) }, s.name),
    s.description ?? '',
    when(s.created_at),
    yesNo(s.locked),
    actionsMenu(() => [
      { label: 'Manage service ID', run: () => { location.hash = serviceIdHref(s.id); } },
      ...entityActions(ctx, 'serviceid', s, reload),
    ]),
  ]));
}

/** Names of service IDs by IAM ID, asked once per page shown; undefined when the caller may not read it. */
export type OwnerNames = (iamId: string) => Promise<string | undefined>;

/**
 * Keys of one service ID, or of many (then with their owner: the service ID's name, linked to its page).
 * "Last used" when IAM reports activity.
 */
export function apiKeyTable(ctx: Ctx, items: ApiKey[], reload: () => Promise<void>, owners?: OwnerNames): HTMLTableElement {
  const withOwner = owners !== undefined;
  const activity = items.some((k) => k.activity !== undefined);
  const head = ['Name', ...(withOwner ? ['Owner'] : []), 'Description', 'Created', 'Locked', 'Disabled', 'Expires', ...(activity ? ['Last used'] : []), ''];
  return table('API keys', head, items.map((k) => [
    k.name,
    ...(owners ? [ownerCell(k.iam_id, owners)] : []),
    k.description ?? '',
    when(k.created_at),
    yesNo(k.locked),
    yesNo(k.disabled),
    when(k.expires_at, 'Never'),
    ...(activity ? [k.activity ? el('span', {}, when(k.activity.last_authn, 'Never'), ` (${k.activity.authn_count} sign-in${k.activity.authn_count === 1 ? '' : 's'})`) : ''] : []),
    actionsMenu(() => entityActions(ctx, 'apikey', k, reload)),
  ]));
}

function ownerCell(iamId: string, owners: OwnerNames): Child {
  const sid = /^iam-(ServiceId-.+)$/.exec(iamId)?.[1];
  if (!sid) return iamId;
  const link = el('a', { href: serviceIdHref(sid), title: iamId }, iamId);
  void owners(iamId).then((name) => { if (name !== undefined) link.textContent = name; });
  return link;
}
