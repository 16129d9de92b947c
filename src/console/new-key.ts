// A new API key's value, shown once inside its Create dialog, with `Copy` and `Download` (the console's JSON
// file: name, description, apikey, createdAt). It lives only in this dialog's DOM: closing it forgets the value.
import type { ApiKey } from '../wire/types.js';
import { el, type Child } from './dom.js';

export function newKeyView(key: ApiKey, close: () => void): Child[] {
  const status = el('p', { role: 'status', class: 'notice ok' });
  const value = el('code', { class: 'secret', 'aria-label': 'API key value' }, key.apikey);
  const copy = el('button', { type: 'button' }, 'Copy');
  copy.addEventListener('click', () => {
    navigator.clipboard.writeText(key.apikey).then(
      () => { status.textContent = 'The API key was copied to the clipboard.'; },
      () => { status.textContent = 'The browser refused the clipboard: select the key and copy it by hand.'; },
    );
  });
  const download = el('button', { type: 'button' }, 'Download');
  download.addEventListener('click', () => {
    const content = { name: key.name, description: key.description ?? '', apikey: key.apikey, createdAt: key.created_at };
    const url = URL.createObjectURL(new Blob([`${JSON.stringify(content, null, 2)}\n`], { type: 'application/json' }));
    const a = el('a', { href: url, download: 'apikey.json', class: 'hidden' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    status.textContent = 'The API key was downloaded as apikey.json.';
  });
  return [
    el('p', { class: 'success' }, 'API key successfully created'),
    el('p', {}, 'Copy or download the API key now. For security reasons, it is only available at the time of creation: if it is lost, create a new API key.'),
    el('div', { class: 'secret-box' }, value),
    status,
    el('div', { class: 'buttons' }, copy, download, el('button', { type: 'button', class: 'primary', onClick: close }, 'Close')),
  ];
}
