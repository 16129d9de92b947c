// A table of one page of an IAM listing, with Previous/Next driven by the API's own page tokens, so a list of
// 10,000 keys costs one page of requests and rows at a time.
import type { Page } from './api.js';
import { el, replace } from './dom.js';
import type { Notice } from './notice.js';

export interface PagedList {
  node: HTMLElement;
  reload(): Promise<void>;
}

export function pagedList<T>(opts: {
  label: string;
  fetch: (token?: string) => Promise<Page<T>>;
  table: (items: T[]) => HTMLElement;
  empty: string;
  notice: Notice;
}): PagedList {
  const body = el('div', { class: 'table-wrap', 'aria-busy': 'true' });
  const info = el('span', { class: 'page-info' });
  const prev = el('button', { type: 'button' }, 'Previous page');
  const next = el('button', { type: 'button' }, 'Next page');
  const pager = el('nav', { class: 'pager', 'aria-label': `${opts.label} pages` }, prev, info, next);
  let token: string | undefined;
  let page: Page<T> | undefined;

  async function load(t: string | undefined): Promise<void> {
    body.setAttribute('aria-busy', 'true');
    try {
      const p = await opts.fetch(t);
      token = t;
      page = p;
      replace(body, p.items.length ? opts.table(p.items) : el('p', { class: 'empty' }, opts.empty));
      info.textContent = p.items.length ? `${p.offset + 1}–${p.offset + p.items.length}` : '';
      prev.disabled = !p.previous;
      next.disabled = !p.next;
      pager.hidden = !p.previous && !p.next;
    } catch (err) {
      opts.notice.error(err);
      if (!page) replace(body);
    } finally {
      body.setAttribute('aria-busy', 'false');
    }
  }
  prev.addEventListener('click', () => void load(page?.previous));
  next.addEventListener('click', () => void load(page?.next));
  pager.hidden = true;
  void load(undefined);
  return { node: el('div', {}, body, pager), reload: () => load(token) };
}
