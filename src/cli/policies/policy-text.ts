// A policy as ibmcloud prints it (a 2023 transcript of service-policy-create):
//
//   Policy ID:   4364da1a-5bde-4c76-9f12-9022b7baa258
//   Version:     1-a87c6b7290bb93dbac52c73f04848456
//   Roles:       Reader, Writer
//   Resources:
//                Service Name    container-registry
//                Region          us-south
//
// Only the attributes the policy has, in its order, accountId left out; nested rows indented to the value column,
// their labels as wide as the longest plus 3. Every cell is escaped (renderTable), names from IAM included.
import type { PolicyRole } from '../../wire/policies.js';
import { renderTable } from '../output/table.js';
import { displayWidth } from '../output/width.js';
import type { PolicyView } from './policy-body.js';

const LABELS: Record<string, string> = {
  serviceName: 'Service Name', serviceInstance: 'Service Instance', region: 'Region', resourceType: 'Resource Type',
  resource: 'Resource', resourceGroupId: 'Resource Group ID', serviceType: 'Service Type', service_group_id: 'Service Group ID',
};

/** A role's display name, or the last part of its CRN when the answer has none (v2 without format=display). */
export const roleName = (r: PolicyRole): string => r.display_name ?? r.role_id.slice(r.role_id.lastIndexOf(':') + 1);

const shownValue = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

export function policyText(view: PolicyView, o: { version?: string; bold?: (s: string) => string } = {}): string {
  const rows: [string, string][] = [['Policy ID:', view.id]];
  if (o.version) rows.push(['Version:', o.version]);
  rows.push(['Roles:', view.roles.map(roleName).join(', ')]);
  if (view.pattern !== undefined) rows.push(['Pattern:', view.pattern]);
  rows.push(['Resources:', '']);
  const bold = o.bold ?? ((s: string) => s);
  const outer = renderTable(undefined, rows, { firstColumn: bold });
  const indent = ' '.repeat(Math.max(...rows.map(([l]) => displayWidth(l))) + 3);
  const nested = view.attributes.filter((a) => a.name !== 'accountId').map((a): [string, string] => [LABELS[a.name] ?? a.name, shownValue(a.value)]);
  const inner = nested.length ? renderTable(undefined, nested).split('\n').filter((l) => l !== '').map((l) => `${indent}${l}\n`).join('') : '';
  return outer + inner;
}
