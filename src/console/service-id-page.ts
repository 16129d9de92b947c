// One service ID's page: its details, then two tabs: `API keys` (the keys, `Create`, each row's Actions) and
// `Access` (its access policies). Each tab has its own address (`#/serviceids/ID`, `#/serviceids/ID/access`).
import type { ApiKey, ServiceId } from '../wire/types.js';
import { accessPanel } from './access-panel.js';
import type { Ctx } from './context.js';
import { formDialog } from './dialogs.js';
import { el } from './dom.js';
import { newKeyView } from './new-key.js';
import { InputError } from './notice.js';
import { pagedList, type PagedList } from './paged.js';
import { apiKeyTable, serviceIdHref, when } from './tables.js';

export type ServiceIdTab = 'keys' | 'access';

const TABS: [tab: ServiceIdTab, label: string, suffix: string][] = [['keys', 'API keys', ''], ['access', 'Access', '/access']];

export function serviceIdPage(ctx: Ctx, id: string, tab: ServiceIdTab = 'keys'): HTMLElement {
  const section = el('section', {}, el('p', { class: 'crumbs' }, el('a', { href: '#/serviceids' }, 'Service IDs')));
  ctx.api.getServiceId(id).then((sid) => {
    const tabs = TABS.map(([t, label, suffix]) => el('a', {
      role: 'tab', id: `tab-${t}`, href: `${serviceIdHref(id)}${suffix}`,
      'aria-selected': t === tab ? 'true' : 'false', 'aria-controls': t === tab ? `panel-${t}` : undefined,
    }, label));
    section.append(
      el('h1', {}, sid.name),
      el('dl', { class: 'details' },
        el('dt', {}, 'ID'), el('dd', {}, sid.id),
        el('dt', {}, 'IAM ID'), el('dd', {}, sid.iam_id),
        el('dt', {}, 'Description'), el('dd', {}, sid.description ?? ''),
        el('dt', {}, 'Created'), el('dd', {}, when(sid.created_at)),
        el('dt', {}, 'Locked'), el('dd', {}, sid.locked ? 'Yes' : 'No')),
      el('div', { role: 'tablist', class: 'tabs', 'aria-label': 'Service ID' }, ...tabs),
      el('div', { role: 'tabpanel', id: `panel-${tab}`, 'aria-labelledby': `tab-${tab}` },
        tab === 'access' ? accessPanel(ctx, sid) : keysPanel(ctx, sid)),
    );
  }, (err: unknown) => {
    ctx.notice.error(err);
    section.append(el('h1', {}, 'Service ID'));
  });
  return section;
}

function keysPanel(ctx: Ctx, sid: ServiceId): HTMLElement {
  const keys: PagedList = pagedList({
    label: 'API keys',
    fetch: (t) => ctx.api.listApiKeys({ scope: 'entity', iamId: sid.iam_id }, t),
    table: (items: ApiKey[]) => apiKeyTable(ctx, items, () => keys.reload()),
    empty: 'This service ID has no API keys yet.',
    notice: ctx.notice,
  });
  const create = el('button', { type: 'button', class: 'primary' }, 'Create');
  create.addEventListener('click', () => createKeyDialog(ctx, sid.iam_id, () => keys.reload()));
  return el('div', {}, el('div', { class: 'title-row' }, el('h2', {}, 'API keys'), create), keys.node);
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
      if (expires && Number.isNaN(expires.getTime())) throw new InputError('The expiry is not a valid date and time.');
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
