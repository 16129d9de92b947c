// The roles of a service as checkboxes, grouped as IBM's console groups them (platform, service, custom roles),
// each labelled by IAM's display name with its description as tooltip. Loading a service's roles again drops an
// answer that comes after a newer one, so a quick change of service never shows the wrong service's roles.
import type { PolicyRole, Role } from '../wire/policies.js';
import type { Api } from './api.js';
import { el, replace } from './dom.js';
import { rolesOf } from './policies-api.js';
import { roleName } from './policy-text.js';

export interface RolePicker {
  node: HTMLElement;
  /** Shows the service's roles, these CRNs checked; a checked role IAM no longer lists is kept under "Other roles". */
  load(serviceName: string | undefined, checked?: PolicyRole[]): Promise<void>;
  /** The checked roles' CRNs, in the order shown. */
  selected(): string[];
}

export function rolePicker(api: Api, idPrefix: string): RolePicker {
  const node = el('div', { class: 'roles', 'aria-busy': 'true' });
  let seq = 0;
  let boxes: HTMLInputElement[] = [];

  function group(legend: string, roles: { crn: string; name: string; description?: string }[], checked: Set<string>): HTMLElement | null {
    if (!roles.length) return null;
    return el('fieldset', {}, el('legend', {}, legend), ...roles.map((r) => {
      const id = `${idPrefix}-role-${boxes.length}`;
      const box = el('input', { type: 'checkbox', id, value: r.crn, checked: checked.has(r.crn) });
      boxes.push(box);
      return el('div', { class: 'check' }, box, el('label', { for: id, title: r.description }, r.name));
    }));
  }

  const shown = (roles: Role[]) => roles.map((r) => ({ crn: r.crn, name: r.display_name, description: r.description }));

  return {
    node,
    async load(serviceName, checkedRoles = []) {
      const mine = ++seq;
      node.setAttribute('aria-busy', 'true');
      replace(node, el('p', { class: 'empty' }, 'Loading the roles…'));
      try {
        const roles = await rolesOf(api, serviceName);
        if (mine !== seq) return;
        const checked = new Set(checkedRoles.map((r) => r.role_id));
        const listed = new Set([...roles.system_roles, ...roles.service_roles, ...roles.custom_roles].map((r) => r.crn));
        const other = checkedRoles.filter((r) => !listed.has(r.role_id)).map((r) => ({ crn: r.role_id, name: roleName(r), description: r.description }));
        boxes = [];
        replace(node,
          group('Platform access', shown(roles.system_roles), checked),
          group('Service access', shown(roles.service_roles), checked),
          group('Custom access', shown(roles.custom_roles), checked),
          group('Other roles', other, checked));
      } catch (err) {
        if (mine !== seq) return;
        boxes = [];
        replace(node);
        throw err;
      } finally {
        if (mine === seq) node.setAttribute('aria-busy', 'false');
      }
    },
    selected: () => boxes.filter((b) => b.checked).map((b) => b.value),
  };
}
