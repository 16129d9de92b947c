// The page `iamkeys login --sso` sends a person to (/identity/passcode, IAM's passcode_endpoint): once signed
// in, it shows a one-time code from the local IAM's POST /v1/iamkeys/passcode, to be typed at the CLI's
// `One Time Code >` prompt. The code logs in as the signed-in identity; it works once, for a few minutes.
import { ApiError } from './api.js';
import { el } from './dom.js';
import { notice } from './notice.js';
import type { Session } from './session.js';

export const PASSCODE_PATH = '/identity/passcode';

async function newPasscode(token: string): Promise<{ passcode: string; expires_in: number }> {
  const res = await fetch('/v1/iamkeys/passcode', {
    method: 'POST', headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, cache: 'no-store',
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => undefined)) as { errors?: { message?: string }[] } | undefined;
    throw new ApiError(res.status, body?.errors?.[0]?.message ?? `The local IAM answered HTTP ${res.status}.`);
  }
  return (await res.json()) as { passcode: string; expires_in: number };
}

/** The passcode view; `onUnauthenticated` is called when the session's token is refused (401). */
export function passcodePage(session: Session, onUnauthenticated: (err: ApiError) => void): HTMLElement {
  const msg = notice();
  const code = el('output', { class: 'passcode', 'aria-label': 'One-time code' });
  const life = el('p', {});
  const again = el('button', { type: 'button' }, 'Get another code');
  const show = (): void => {
    again.disabled = true;
    newPasscode(session.token).then((p) => {
      code.textContent = p.passcode;
      life.textContent = `It works once, within ${Math.round(p.expires_in / 60)} minutes.`;
      msg.clear();
    }, (err: unknown) => {
      code.textContent = '';
      msg.error(err);
      if (err instanceof ApiError && err.status === 401) onUnauthenticated(err);
    }).finally(() => { again.disabled = false; });
  };
  again.addEventListener('click', show);
  show();
  return el('section', { class: 'form' },
    el('h1', {}, 'One-time code'),
    el('p', {}, 'Type this code at the ', el('code', {}, 'One Time Code >'), ' prompt of ', el('code', {}, 'iamkeys login --sso'),
      '. It logs in as ', el('strong', {}, session.name), '.'),
    code, life, msg.node,
    el('div', { class: 'buttons' }, again, el('a', { href: '/' }, 'Go to the console')));
}
