// The console's list pages: Service IDs, and the `API keys` page with its `View` selector.
import type { ApiKey } from '../wire/types.js';
import type { KeyView } from './api.js';
import type { Ctx } from './context.js';
import { formDialog } from './dialogs.js';
import { el } from './dom.js';
import { pagedList, type PagedList } from './paged.js';
import { apiKeyTable, serviceIdTable, type OwnerNames, when } from './tables.js';

export function serviceIdsPage(ctx: Ctx): HTMLElement {
  const list: PagedList = pagedList({
    label: 'Service IDs',
    fetch: (t) => ctx.api.listServiceIds(t),
    table: (items) => serviceIdTable(ctx, items, () => list.reload()),
    empty: 'No service IDs yet. Create one to give an application its own identity.',
    notice: ctx.notice,
  });
  const create = el('button', { type: 'button', class: 'primary' }, 'Create');
  create.addEventListener('click', () => formDialog({
    title: 'Create a service ID',
    fields: [
      { name: 'name', label: 'Name', required: true },
      { name: 'description', label: 'Description', kind: 'textarea' },
    ],
    submitLabel: 'Create',
    submit: async (v) => {
      const sid = await ctx.api.createServiceId(v['name'] ?? '', v['description'] ?? '');
      ctx.notice.ok(`The service ID ${sid.name} was created.`);
      await list.reload();
    },
  }));
  return el('section', {},
    el('div', { class: 'title-row' }, el('h1', {}, 'Service IDs'), create),
    el('p', { class: 'intro' }, 'Service IDs give applications their own identity; their API keys authenticate as them.'),
    list.node);
}

const VIEWS: [value: string, label: string, view: (ctx: Ctx) => KeyView][] = [
  ['mine', 'My IBM Cloud API keys', (ctx) => ({ scope: 'entity', iamId: ctx.session.iamId })],
  ['serviceid', 'All service ID API keys', () => ({ scope: 'account', type: 'serviceid' })],
  ['user', 'All user API keys', () => ({ scope: 'account', type: 'user' })],
];

export function apiKeysPage(ctx: Ctx, viewName: string): HTMLElement {
  const entry = VIEWS.find(([v]) => v === viewName) ?? VIEWS[0]!;
  const view = entry[2](ctx);
  const select = el('select', { id: 'view' }, ...VIEWS.map(([v, l]) => el('option', { value: v, selected: v === entry[0] }, l)));
  select.addEventListener('change', () => { location.hash = `#/apikeys?view=${select.value}`; });
  const names = new Map<string, Promise<string | undefined>>();
  const owners: OwnerNames = (iamId) => {
    let name = names.get(iamId);
    if (!name) {
      name = ctx.api.getServiceId(iamId.replace(/^iam-/, '')).then((s) => s.name, () => undefined);
      names.set(iamId, name);
    }
    return name;
  };
  const list: PagedList = pagedList({
    label: 'API keys',
    fetch: (t) => ctx.api.listApiKeys(view, t),
    table: (items: ApiKey[]) => apiKeyTable(ctx, items, () => list.reload(), view.scope === 'account' ? owners : undefined),
    empty: 'No API keys in this view.',
    notice: ctx.notice,
  });
  return el('section', {},
    el('h1', {}, 'API keys'),
    el('div', { class: 'field inline' }, el('label', { for: 'view' }, 'View'), select),
    list.node);
}
