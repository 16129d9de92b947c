// The page's message line: IAM's error message (role alert), or what was just done (role status).
import { el, replace } from './dom.js';
import { ApiError } from './api.js';

export interface Notice {
  readonly node: HTMLElement;
  ok(text: string): void;
  error(err: unknown): void;
  clear(): void;
}

/** What the user typed cannot be sent as it is; its message says what to change. */
export class InputError extends Error {}

/** The text of a failure: IAM's message, then its details when it gave some. */
export function errorText(err: unknown): string[] {
  if (err instanceof ApiError) return err.details ? [err.message, err.details] : [err.message];
  if (err instanceof InputError) return [err.message];
  return [`The local IAM could not be reached: ${(err as Error)?.message ?? String(err)}`];
}

export function notice(): Notice {
  const alert = el('div', { role: 'alert', class: 'notice error' });
  const status = el('div', { role: 'status', class: 'notice ok' });
  const node = el('div', { class: 'notices' }, alert, status);
  return {
    node,
    ok(text) {
      replace(alert);
      replace(status, text);
    },
    error(err) {
      replace(status);
      const [first, ...rest] = errorText(err);
      replace(alert, el('strong', {}, first), ...rest.map((d) => el('span', { class: 'details' }, ` ${d}`)));
    },
    clear() {
      replace(alert);
      replace(status);
    },
  };
}
