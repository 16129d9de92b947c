// One service ID's page: its details, then its `API keys` tab (the keys, `Create`, each row's Actions).
import type { ApiKey } from '../wire/types.js';
import type { Ctx } from './context.js';
import { formDialog } from './dialogs.js';
import { el } from './dom.js';
import { newKeyView } from './new-key.js';
import { pagedList, type PagedList } from './paged.js';
import { apiKeyTable, when } from './tables.js';

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
