// Modal dialogs (native <dialog>, named by their heading): a form whose submit calls IAM, a confirmation, and
// the once-only view of a new API key's value. A failed call keeps the dialog open with IAM's message; nothing
// the user typed is lost.
import { el, replace, type Child } from './dom.js';
import { notice } from './notice.js';

let seq = 0;

export interface Dialog {
  dialog: HTMLDialogElement;
  body: HTMLElement;
  close(): void;
}

export function openDialog(title: string): Dialog {
  const id = `dlg-${++seq}`;
  const body = el('div', { class: 'dialog-body' });
  const dialog = el('dialog', { 'aria-labelledby': id }, el('h2', { id }, title), body);
  // Escape closes it too; either way it leaves the page (with a new key's value in it) at once: the 'close'
  // event comes a task later, after which a reader of the page could still have found the value.
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  return { dialog, body, close: () => { dialog.close(); dialog.remove(); } };
}

export interface Field {
  name: string;
  label: string;
  kind?: 'text' | 'textarea' | 'datetime-local' | 'select';
  value?: string;
  required?: boolean;
  hint?: string;
  options?: [value: string, label: string][];
}

/**
 * A form in a dialog. submit() runs IAM's call; it may return content to show in the dialog instead of closing
 * it (a new key's value). A thrown error is shown in the dialog and the form stays as it was.
 */
export function formDialog(opts: {
  title: string;
  fields: Field[];
  submitLabel: string;
  submit: (values: Record<string, string>) => Promise<Child[] | void>;
}): Dialog {
  const d = openDialog(opts.title);
  const msg = notice();
  const form = el('form', { class: 'form', novalidate: true });
  for (const f of opts.fields) {
    const id = `${d.dialog.getAttribute('aria-labelledby')}-${f.name}`;
    let input: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
    if (f.kind === 'textarea') input = el('textarea', { id, name: f.name, rows: '3' });
    else if (f.kind === 'select') input = el('select', { id, name: f.name }, ...(f.options ?? []).map(([v, l]) => el('option', { value: v }, l)));
    else input = el('input', { id, name: f.name, type: f.kind ?? 'text', autocomplete: 'off' });
    if (f.value !== undefined) input.value = f.value;
    if (f.required) input.required = true;
    form.append(el('div', { class: 'field' }, el('label', { for: id }, f.label), input, f.hint ? el('small', {}, f.hint) : null));
  }
  const submit = el('button', { type: 'submit', class: 'primary' }, opts.submitLabel);
  form.append(msg.node, el('div', { class: 'buttons' }, el('button', { type: 'button', onClick: () => d.close() }, 'Cancel'), submit));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const values: Record<string, string> = {};
    for (const [k, v] of new FormData(form)) values[k] = String(v);
    submit.disabled = true;
    opts.submit(values).then((shown) => {
      if (shown) replace(d.body, ...shown);
      else d.close();
    }, (err: unknown) => {
      msg.error(err);
      submit.disabled = false;
    });
  });
  d.body.append(form);
  form.querySelector<HTMLElement>('input, textarea')?.focus();
  return d;
}

export function confirmDialog(opts: { title: string; text: Child[]; confirmLabel: string; confirm: () => Promise<void> }): Dialog {
  const d = openDialog(opts.title);
  const msg = notice();
  const yes = el('button', { type: 'button', class: 'danger' }, opts.confirmLabel);
  yes.addEventListener('click', () => {
    yes.disabled = true;
    opts.confirm().then(() => d.close(), (err: unknown) => {
      msg.error(err);
      yes.disabled = false;
    });
  });
  d.body.append(el('p', {}, ...opts.text), msg.node, el('div', { class: 'buttons' }, el('button', { type: 'button', onClick: () => d.close() }, 'Cancel'), yes));
  return d;
}
