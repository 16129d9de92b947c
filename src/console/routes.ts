// Which page a URL hash shows. A service ID's id comes percent-encoded in the hash; a link whose encoding is
// broken (`%E0%A4%A`) names no service ID, so it gets a not-found view instead of an uncaught URIError.
import type { Ctx } from './context.js';
import { el } from './dom.js';
import { apiKeysPage, serviceIdsPage } from './pages.js';
import { serviceIdPage } from './service-id-page.js';

export function pageFor(ctx: Ctx, hash: string): HTMLElement {
  const sid = /^#\/serviceids\/([^/?]+)(\/access)?$/.exec(hash);
  if (sid) {
    const id = decoded(sid[1]!);
    return id === undefined ? notFoundPage() : serviceIdPage(ctx, id, sid[2] ? 'access' : 'keys');
  }
  if (hash.startsWith('#/apikeys')) return apiKeysPage(ctx, new URLSearchParams(hash.split('?')[1] ?? '').get('view') ?? 'mine');
  return serviceIdsPage(ctx);
}

function decoded(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

function notFoundPage(): HTMLElement {
  return el('section', {},
    el('p', { class: 'crumbs' }, el('a', { href: '#/serviceids' }, 'Service IDs')),
    el('h1', {}, 'Service ID not found'),
    el('p', { role: 'alert', class: 'notice error' }, 'This link does not name a service ID: its address is not valid. Open the service ID from the list.'));
}
