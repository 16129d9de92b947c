// What `target` (and `login`) show, in ibmcloud's forms: the text block scripts grep (`API endpoint:`,
// `Region:`, `User:`, `Account:`, `Resource group:`) and the JSON object they read with jq (`.user.user_email`,
// `.region.name`, `.account.guid`, `.resource_group.guid`, `.api_endpoint`). Fields iamkeys cannot know (an
// account's name, a region's mccp_id, a group's state) are empty, as Go writes an unset field.
import type { Identity } from '../../../client/auth.js';
import type { Context } from '../../context.js';
import type { TargetChoice } from '../../state/settings.js';

export interface TargetView {
  /** ibmcloud's API endpoint (https://cloud.ibm.com), a served IAM's URL, or `local`. */
  apiEndpoint: string;
  /** Where requests go: an IAM URL or `local`. */
  iamEndpoint: string;
  /** The store file, when commands go to the embedded local IAM. */
  localStore?: string;
  choice: TargetChoice;
  identity: Identity;
}

const HEX32 = /^[0-9a-f]{32}$/;

export function targetJson(v: TargetView): Record<string, unknown> {
  const group = v.choice.resourceGroup;
  const groupIsId = group !== undefined && HEX32.test(group);
  return {
    account: { guid: v.identity.accountId, name: '', owner: '' },
    api_endpoint: v.apiEndpoint,
    region: { mccp_id: '', name: v.choice.region ?? '' },
    resource_group: { default: false, guid: groupIsId ? group : '', name: groupIsId ? '' : (group ?? ''), state: '' },
    user: { display_name: v.identity.display, user_email: v.identity.display, iam_id: v.identity.iamId },
    iam_endpoint: v.iamEndpoint,
  };
}

export function showTarget(ctx: Context, v: TargetView): void {
  if (ctx.json) return ctx.ui.json(targetJson(v));
  const api = v.localStore !== undefined ? `local (embedded, ${v.localStore})` : v.apiEndpoint;
  const rows: [string, string][] = [
    ['API endpoint:', api],
    ['Region:', v.choice.region ?? "No region targeted, use 'iamkeys target -r REGION'"],
    ['User:', v.identity.display],
    ['Account:', v.identity.accountId],
    ['Resource group:', v.choice.resourceGroup ?? "No resource group targeted, use 'iamkeys target -g RESOURCE_GROUP'"],
  ];
  if (v.iamEndpoint !== v.apiEndpoint && v.localStore === undefined) rows.push(['IAM endpoint:', v.iamEndpoint]);
  ctx.ui.data('\n');
  ctx.ui.details(rows);
}
