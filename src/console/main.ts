// The local IAM's console: a log-in form, then pages routed by the URL's hash. It holds no IAM rule: every
// read and change is a call to this origin's API with the signed-in token.
import { Api, ApiError, exchangeApiKey } from './api.js';
import type { Ctx } from './context.js';
import { el, replace } from './dom.js';
import { notice, type Notice } from './notice.js';
import { pageFor } from './routes.js';
import { PASSCODE_PATH, passcodePage } from './passcode.js';
import { currentSession, forgetSession, keepToken } from './session.js';

const root = document.getElementById('app')!;

function loginPage(message?: { ok?: string; error?: unknown }): void {
  const msg = notice();
  if (message?.ok) msg.ok(message.ok);
  if (message?.error) msg.error(message.error);
  const input = el('input', { id: 'apikey', name: 'apikey', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false' });
  const submit = el('button', { type: 'submit', class: 'primary' }, 'Log in');
  const form = el('form', { class: 'form login' },
    el('h1', {}, 'Log in to the local IAM'),
    el('p', {}, 'Use an API key of this IAM, e.g. the one ', el('code', {}, 'iamkeys serve --apikey-file FILE'), ' wrote.'),
    el('div', { class: 'field' }, el('label', { for: 'apikey' }, 'API key'), input),
    msg.node,
    el('div', { class: 'buttons' }, submit));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    submit.disabled = true;
    exchangeApiKey(input.value).then((token) => {
      input.value = '';
      keepToken(token);
      if (location.pathname !== PASSCODE_PATH && (!location.hash || location.hash === '#/')) location.hash = '#/serviceids';
      render();
    }, (err: unknown) => {
      msg.error(err);
      submit.disabled = false;
    });
  });
  replace(root, el('main', { class: 'login-main' }, form));
  input.focus();
}

function logOut(message?: { ok?: string; error?: unknown }): void {
  forgetSession();
  loginPage(message);
}

function render(): void {
  const session = currentSession();
  if (!session) {
    loginPage();
    return;
  }
  if (location.pathname === PASSCODE_PATH) {
    replace(root, el('main', { class: 'login-main' }, passcodePage(session, (err) => logOut({ error: err }))));
    return;
  }
  const msg: Notice = notice();
  const api = new Api(session.token, session.accountId, (err: ApiError) => logOut({ error: err }));
  const ctx: Ctx = { api, session, notice: msg };
  const hash = location.hash;
  const nav = (href: string, label: string, current: boolean) => el('a', { href, 'aria-current': current ? 'page' : undefined }, label);
  const logout = el('button', { type: 'button' }, 'Log out');
  logout.addEventListener('click', () => logOut({ ok: 'You are logged out.' }));
  const header = el('header', {},
    el('span', { class: 'brand' }, 'iamkeys · local IAM'),
    el('nav', { 'aria-label': 'Console' },
      nav('#/serviceids', 'Service IDs', hash.startsWith('#/serviceids') || hash === ''),
      nav('#/apikeys', 'API keys', hash.startsWith('#/apikeys'))),
    el('span', { class: 'who' }, 'Signed in as ', el('strong', {}, session.name), ` (${session.accountId})`),
    logout);
  replace(root, header, el('main', {}, msg.node, pageFor(ctx, hash)));
}

window.addEventListener('hashchange', render);
render();
