// The text forms of service IDs and API keys, following ibmcloud's layouts (labels, order, time format).
import { markWords } from '../keys/rotation-mark.js';
import type { ApiKey, ServiceId } from '../../wire/types.js';
import { isExpired } from '../keys/key-state.js';

/** The Disabled cell: `expired` for an expired key that is not disabled, so the column says whether it works. */
const disabledCell = (k: ApiKey): string => (k.disabled ? 'true' : isExpired(k) ? 'expired' : 'false');

export function serviceIdRows(s: ServiceId): [string, string][] {
  return [
    ['ID', s.id],
    ['Name', s.name],
    ['Description', s.description ?? ''],
    ['CRN', s.crn],
    ['Version', s.entity_tag],
    ['Locked', String(s.locked)],
  ];
}

export const SERVICE_ID_COLUMNS = ['UUID', 'Name', 'Created At', 'Last Updated', 'Description', 'Locked'];
export const serviceIdCells = (s: ServiceId): string[] =>
  [s.id, s.name, s.created_at, s.modified_at, s.description ?? '', String(s.locked)];

/** The rows shown right after a create, the secret among them (the only time it is shown). */
export function createdKeyRows(k: ApiKey, withSecret = true): [string, string][] {
  return [
    ['ID', k.id],
    ['Name', k.name],
    ['Description', k.description ?? ''],
    ['Created At', k.created_at],
    ...(k.expires_at ? [['Expires At', k.expires_at] as [string, string]] : []),
    ...(withSecret ? [['API Key', k.apikey] as [string, string]] : []),
    ['Locked', String(k.locked)],
  ];
}

export function apiKeyRows(k: ApiKey): [string, string][] {
  const rows: [string, string][] = [
    ['ID', k.id],
    ['Name', k.name],
    ['Description', k.description ?? ''],
    ['CRN', k.crn],
    ['Version', k.entity_tag],
    ['Created At', k.created_at],
    ['Last Updated', k.modified_at],
  ];
  if (k.expires_at) rows.push(['Expires At', isExpired(k) ? `${k.expires_at} (expired)` : k.expires_at]);
  rows.push(['If Leaked', k.action_when_leaked.toUpperCase()]);
  // A stored value (store_value keys only) is the one secret a later read may show.
  if (k.apikey) rows.push(['API Key', k.apikey]);
  rows.push(['Locked', String(k.locked)], ['Disabled', String(k.disabled)]);
  const rotation = markWords(k);
  if (rotation) rows.push(['Rotation', rotation]);
  if (k.activity) rows.push(...ACTIVITY_COLUMNS.map((c, i) => [c, activityCells(k)[i]!] as [string, string]));
  return rows;
}

/**
 * ibmcloud's documented columns of `service-api-keys` (with and without `-a`), in its order, so a script that
 * reads them by position reads the same field here. What they lack (disabled, the service ID) comes after them,
 * with `--activity`, where it moves no column.
 */
export const API_KEY_COLUMNS = ['ID', 'Name', 'Description', 'Created At', 'Last Updated', 'Locked'];
export const apiKeyCells = (k: ApiKey): string[] =>
  [k.id, k.name, k.description ?? '', k.created_at, k.modified_at, String(k.locked)];

/**
 * `--activity`'s columns after the documented ones: the key's state, its use, and what tells a predecessor a
 * rotation is retiring from its successor (the expiry, the rotation's mark); `-a` adds each key's service ID last.
 */
export const keyStateColumns = (all: boolean): string[] =>
  ['Disabled', ...ACTIVITY_COLUMNS, 'Expires At', 'Rotation', ...(all ? ['Service ID'] : [])];
export const keyStateCells = (k: ApiKey, all: boolean): string[] =>
  [disabledCell(k), ...activityCells(k), k.expires_at ?? '-', markWords(k) ?? '-', ...(all ? [k.iam_id.replace(/^iam-/, '')] : [])];

/** `--activity`: when the key last got a token and how many it got (`-` when IAM has no record). */
export const ACTIVITY_COLUMNS = ['Last Used', 'Uses'];
export const activityCells = (k: ApiKey): string[] =>
  [k.activity?.last_authn ?? '-', k.activity && k.activity.authn_count > 0 ? String(k.activity.authn_count) : '-'];

/**
 * `api-keys`: the ID last, as IBM's own cleanup script reads it (`grep NAME | sed "s/.*\(ApiKey\)/\1/"` keeps
 * what follows the last `ApiKey` on the row); with --all, the user each key logs in as.
 */
export const USER_KEY_COLUMNS = ['Name', 'Description', 'Created At', 'Locked', 'Disabled', 'ID'];
export const userKeyCells = (k: ApiKey): string[] =>
  [k.name, k.description ?? '', k.created_at, String(k.locked), disabledCell(k), k.id];
export const ALL_USER_KEY_COLUMNS = ['Name', 'User', 'Description', 'Created At', 'Locked', 'Disabled', 'ID'];
export const allUserKeyCells = (k: ApiKey): string[] =>
  [k.name, k.iam_id, k.description ?? '', k.created_at, String(k.locked), disabledCell(k), k.id];
