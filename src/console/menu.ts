// A row's `Actions` button and its menu (role menu, items role menuitem). An item that cannot be used now is
// aria-disabled with a tooltip saying why, so it stays findable and explains itself.
import { el } from './dom.js';

export interface MenuItem {
  label: string;
  run: () => void;
  /** Why the item cannot be used; the item is then disabled and this is its tooltip. */
  disabledReason?: string;
}

let closeOpen: (() => void) | undefined;

export function actionsMenu(items: () => MenuItem[]): HTMLElement {
  const button = el('button', { type: 'button', class: 'actions', 'aria-label': 'Actions', title: 'Actions', 'aria-haspopup': 'menu', 'aria-expanded': 'false' }, '⋯');
  const wrap = el('div', { class: 'menu-wrap' }, button);
  button.addEventListener('click', (ev) => {
    ev.stopPropagation();
    const wasOpen = button.getAttribute('aria-expanded') === 'true';
    closeOpen?.();
    if (!wasOpen) open();
  });

  function open(): void {
    const menu = el('div', { role: 'menu', class: 'menu', 'aria-label': 'Actions' });
    for (const item of items()) {
      const b = el('button', { type: 'button', role: 'menuitem', tabindex: '-1' }, item.label);
      if (item.disabledReason) {
        b.setAttribute('aria-disabled', 'true');
        b.title = item.disabledReason;
      }
      b.addEventListener('click', (ev) => {
        ev.stopPropagation();
        if (item.disabledReason) return;
        close();
        item.run();
      });
      menu.append(b);
    }
    menu.addEventListener('keydown', (ev) => {
      const list = [...menu.querySelectorAll<HTMLButtonElement>('[role=menuitem]')];
      const at = list.indexOf(document.activeElement as HTMLButtonElement);
      if (ev.key === 'Escape') {
        close();
        button.focus();
      } else if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
        ev.preventDefault();
        const n = list.length;
        list[(at + (ev.key === 'ArrowDown' ? 1 : n - 1)) % n]?.focus();
      }
    });
    wrap.append(menu);
    button.setAttribute('aria-expanded', 'true');
    const onOutside = (): void => close();
    document.addEventListener('click', onOutside);
    function close(): void {
      menu.remove();
      button.setAttribute('aria-expanded', 'false');
      document.removeEventListener('click', onOutside);
      if (closeOpen === close) closeOpen = undefined;
    }
    closeOpen = close;
    menu.querySelector<HTMLButtonElement>('[role=menuitem]')?.focus();
  }
  return wrap;
}
