// The console's pages: Service IDs, one service ID's page (its `API keys` tab), and the `API keys` page with its
// `View` selector.
import type { ApiKey } from '../wire/types.js';
import type { KeyView } from './api.js';
import type { Ctx } from './context.js';
import { formDialog } from './dialogs.js';
import { el } from './dom.js';
import { newKeyView } from './new-key.js';
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

export function serviceIdPage(ctx: Ctx, id: string): HTMLElement {
  const section = el('section', {}, el('p', { class: 'crumbs' }, el('a', { href: '#/serviceids' }, 'Service IDs')));
  ctx.api.getServiceId(id).then((sid) => {
    const keys: PagedList = pagedList({
      label: 'API keys',
      fetch: (t) => ctx.api.listApiKeys({ scope: 'entity', iamId: sid.iam_id }, t),
      table: (items: ApiKey[]) => apiKeyTable(ctx, items, () => keys.reload()),
      empty: 'This service ID has no API keys yet.',
      notice: ctx.notice,
    });
    const create = el('button', { type: 'button', class: 'primary' }, 'Create');
    create.addEventListener('click', () => createKeyDialog(ctx, sid.iam_id, () => keys.reload()));
    const tab = el('a', { role: 'tab', id: 'tab-keys', href: `#/serviceids/${encodeURIComponent(id)}`, 'aria-selected': 'true', 'aria-controls': 'panel-keys' }, 'API keys');
    section.append(
      el('h1', {}, sid.name),
      el('dl', { class: 'details' },
        el('dt', {}, 'ID'), el('dd', {}, sid.id),
        el('dt', {}, 'IAM ID'), el('dd', {}, sid.iam_id),
        el('dt', {}, 'Description'), el('dd', {}, sid.description ?? ''),
        el('dt', {}, 'Created'), el('dd', {}, when(sid.created_at)),
        el('dt', {}, 'Locked'), el('dd', {}, sid.locked ? 'Yes' : 'No')),
      el('div', { role: 'tablist', class: 'tabs', 'aria-label': 'Service ID' }, tab),
      el('div', { role: 'tabpanel', id: 'panel-keys', 'aria-labelledby': 'tab-keys' },
        el('div', { class: 'title-row' }, el('h2', {}, 'API keys'), create),
        keys.node),
    );
  }, (err: unknown) => {
    ctx.notice.error(err);
    section.append(el('h1', {}, 'Service ID'));
  });
  return section;
}

function createKeyDialog(ctx: Ctx, iamId: string, reload: () => Promise<void>): void {
  const d = formDialog({
    title: 'Create API key',
    fields: [
      { name: 'name', label: 'Name', required: true },
      { name: 'description', label: 'Description', kind: 'textarea' },
      { name: 'expires', label: 'Expires', kind: 'datetime-local', hint: 'Optional; your local time. Empty: the key does not expire.' },
      {
        name: 'leaked', label: 'If the key is leaked', kind: 'select',
        options: [['none', 'Do nothing'], ['disable', 'Disable the key'], ['delete', 'Delete the key']],
      },
    ],
    submitLabel: 'Create',
    submit: async (v) => {
      const expires = v['expires'] ? new Date(v['expires']) : undefined;
      if (expires && Number.isNaN(expires.getTime())) throw new Error('The expiry is not a valid date and time.');
      const key = await ctx.api.createApiKey({
        name: v['name'] ?? '', description: v['description'] ?? '', iam_id: iamId,
        action_when_leaked: v['leaked'] || 'none',
        ...(expires ? { expires_at: expires.toISOString() } : {}),
      });
      ctx.notice.ok(`The API key ${key.name} was created.`);
      void reload();
      return newKeyView(key, () => d.close());
    },
  });
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
