// `Assign access` and `Edit access`: dialogs that build IBM's v1 access policy for one subject (a service ID's
// iam_id). Assign picks a service, optional resource attributes and roles; Edit changes the roles and the
// description of one policy, its resources kept exactly as they are, and sends the ETag the dialog read with
// If-Match, so a change made meanwhile is IAM's to report. A failed call keeps the dialog open with IAM's message.
import type { Policy, PolicyBody, ResourceAttribute } from '../wire/policies.js';
import type { Ctx } from './context.js';
import { openDialog, type Dialog } from './dialogs.js';
import { el, replace } from './dom.js';
import { InputError, notice, type Notice } from './notice.js';
import { createPolicy, getPolicy, replacePolicy } from './policies-api.js';
import { attributeOf, policyResources, policyService, RESOURCE_FIELDS } from './policy-text.js';
import { rolePicker, type RolePicker } from './role-picker.js';
import { SERVICES } from './services.js';

/** The form's shell: fields, the roles, the message line, Cancel and the submit button (enabled once roles are shown). */
function policyForm(d: Dialog, parts: HTMLElement[], roles: RolePicker, submitLabel: string, submit: () => Promise<void>, msg: Notice): HTMLButtonElement {
  const id = d.dialog.getAttribute('aria-labelledby') ?? 'dlg';
  const button = el('button', { type: 'submit', class: 'primary', disabled: true }, submitLabel);
  const form = el('form', { class: 'form', novalidate: true },
    ...parts,
    el('div', { class: 'field', role: 'group', 'aria-labelledby': `${id}-roles` }, el('span', { id: `${id}-roles`, class: 'label' }, 'Roles'), roles.node),
    msg.node,
    el('div', { class: 'buttons' }, el('button', { type: 'button', onClick: () => d.close() }, 'Cancel'), button));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!roles.selected().length) {
      msg.error(new InputError('Select at least one role.'));
      return;
    }
    button.disabled = true;
    submit().then(() => d.close(), (err: unknown) => {
      msg.error(err);
      button.disabled = false;
    });
  });
  replace(d.body, form);
  return button;
}

function descriptionField(id: string, value = ''): { node: HTMLElement; input: HTMLTextAreaElement } {
  const input = el('textarea', { id, name: 'description', rows: '2' });
  input.value = value;
  return { node: el('div', { class: 'field' }, el('label', { for: id }, 'Description'), input), input };
}

export function assignAccessDialog(ctx: Ctx, subjectIamId: string, subjectName: string, done: () => Promise<void>): void {
  const d = openDialog('Assign access');
  const id = d.dialog.getAttribute('aria-labelledby') ?? 'dlg';
  const msg = notice();
  const roles = rolePicker(ctx.api, id);
  const service = el('select', { id: `${id}-service`, name: 'service' }, ...SERVICES.map(([v, l]) => el('option', { value: v }, l)));
  const inputs = RESOURCE_FIELDS.map(([attr, label]) => {
    const input = el('input', { id: `${id}-${attr}`, name: attr, type: 'text', autocomplete: 'off' });
    return { attr, input, node: el('div', { class: 'field' }, el('label', { for: input.id }, label), input) };
  });
  const description = descriptionField(`${id}-description`);
  const hint = el('small', {});
  const showHint = (): void => {
    hint.textContent = service.value === 'iam-identity'
      ? 'Empty: all service IDs and API keys of the account. One service ID: Resource type serviceid, Resource ID its ID (ServiceId-…).'
      : 'Empty: all resources of the service.';
  };
  const submit = policyForm(d, [
    el('p', {}, 'Access for ', el('strong', {}, subjectName), '.'),
    el('div', { class: 'field' }, el('label', { for: service.id }, 'Service'), service),
    el('fieldset', { class: 'resources' }, el('legend', {}, 'Resources'), hint, ...inputs.map((i) => i.node)),
    description.node,
  ], roles, 'Assign', async () => {
    const attributes: ResourceAttribute[] = [
      { name: 'accountId', value: ctx.api.accountId, operator: 'stringEquals' },
      { name: 'serviceName', value: service.value, operator: 'stringEquals' },
      ...inputs.filter((i) => i.input.value.trim()).map((i) => ({ name: i.attr, value: i.input.value.trim(), operator: 'stringEquals' })),
    ];
    const body: PolicyBody = {
      type: 'access',
      subjects: [{ attributes: [{ name: 'iam_id', value: subjectIamId }] }],
      roles: roles.selected().map((role_id) => ({ role_id })),
      resources: [{ attributes }],
      ...(description.input.value.trim() ? { description: description.input.value.trim() } : {}),
    };
    await createPolicy(ctx.api, body);
    ctx.notice.ok(`Access was assigned to ${subjectName}.`);
    await done();
  }, msg);
  const loadRoles = (): void => {
    showHint();
    submit.disabled = true;
    roles.load(service.value).then(() => { submit.disabled = false; }, (err: unknown) => msg.error(err));
  };
  service.addEventListener('change', loadRoles);
  loadRoles();
  service.focus();
}

export function editAccessDialog(ctx: Ctx, policyId: string, done: () => Promise<void>): void {
  const d = openDialog('Edit access');
  const msg = notice();
  replace(d.body, el('p', { class: 'empty' }, 'Loading the policy…'), msg.node,
    el('div', { class: 'buttons' }, el('button', { type: 'button', onClick: () => d.close() }, 'Cancel')));
  getPolicy(ctx.api, policyId).then(({ policy, etag }) => {
    const id = d.dialog.getAttribute('aria-labelledby') ?? 'dlg';
    const roles = rolePicker(ctx.api, id);
    const description = descriptionField(`${id}-description`, policy.description ?? '');
    const submit = policyForm(d, [
      el('dl', { class: 'details' },
        el('dt', {}, 'Service'), el('dd', {}, policyService(policy)),
        el('dt', {}, 'Resources'), el('dd', {}, policyResources(policy))),
      description.node,
    ], roles, 'Save', async () => {
      await replacePolicy(ctx.api, policy.id, etag, bodyOf(policy, roles.selected(), description.input.value.trim()));
      ctx.notice.ok('The access policy was updated.');
      await done();
    }, msg);
    roles.load(attributeOf(policy.resources[0], 'serviceName'), policy.roles).then(() => { submit.disabled = false; }, (err: unknown) => msg.error(err));
  }, (err: unknown) => msg.error(err));
}

/** The policy as it is, with these roles and this description: a replace changes nothing else. */
function bodyOf(p: Policy, roleIds: string[], description: string): PolicyBody {
  return {
    type: p.type,
    subjects: p.subjects,
    roles: roleIds.map((role_id) => ({ role_id })),
    resources: p.resources,
    ...(description ? { description } : {}),
  };
}
