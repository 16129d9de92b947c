// Store rows → wire objects (src/wire/types.ts), in the field order IAM sends.
import { createHash } from 'node:crypto';
import type { ActionWhenLeaked, Activity, ApiKey, HistoryRecord, ServiceId } from '../wire/types.js';
import { iamTime } from '../wire/time.js';
import type { ApiKeyRow, HistoryRow, ServiceIdRow } from './store.js';

// A tag is asked for on every read of an entity; an MD5 costs more than remembering the last few thousand.
const TAGS_KEPT = 4096;
const tags = new Map<string, string>();

export function entityTag(id: string, version: number): string {
  const key = `${id}:${version}`;
  let tag = tags.get(key);
  if (tag === undefined) {
    tag = `${version}-${createHash('md5').update(key).digest('hex')}`;
    if (tags.size >= TAGS_KEPT) tags.clear();
    tags.set(key, tag);
  }
  return tag;
}

export const crnOf = (accountId: string, kind: 'apikey' | 'serviceid', id: string): string =>
  `crn:v1:bluemix:public:iam-identity::a/${accountId}::${kind}:${id}`;

export function toHistory(rows: HistoryRow[]): HistoryRecord[] {
  return rows.map((r) => ({
    timestamp: iamTime(r.timestamp),
    iam_id: r.iam_id,
    iam_id_account: r.iam_id_account,
    action: r.action,
    params: JSON.parse(r.params) as string[],
    message: r.message,
  }));
}

/** IAM's activity of a key or service ID: how often it got a token, and when last (absent when never). */
export function activityOf(row: { authn_count: number; last_authn: number | null }): Activity {
  return { ...(row.last_authn !== null ? { last_authn: iamTime(row.last_authn) } : {}), authn_count: row.authn_count };
}

export function toServiceId(row: ServiceIdRow, includeActivity = false): ServiceId {
  const out: ServiceId = {
    id: row.id,
    iam_id: `iam-${row.id}`,
    entity_tag: entityTag(row.id, row.version),
    crn: crnOf(row.account_id, 'serviceid', row.id),
    locked: row.locked === 1,
    created_at: iamTime(row.created_at),
    modified_at: iamTime(row.modified_at),
    account_id: row.account_id,
    created_by: row.created_by,
    name: row.name,
    unique_instance_crns: JSON.parse(row.unique_instance_crns) as string[],
  };
  if (row.description !== null) out.description = row.description;
  if (includeActivity) out.activity = activityOf(row);
  return out;
}

/** `value` is the secret: given only in the create response, or for a stored service ID key. */
export function toApiKey(row: ApiKeyRow, value = row.stored_value ?? ''): ApiKey {
  const out: ApiKey = {
    id: row.id,
    entity_tag: entityTag(row.id, row.version),
    crn: crnOf(row.account_id, 'apikey', row.id),
    locked: row.locked === 1,
    disabled: row.disabled === 1,
    created_at: iamTime(row.created_at),
    created_by: row.created_by,
    modified_at: iamTime(row.modified_at),
    support_sessions: row.support_sessions === 1,
    action_when_leaked: row.action_when_leaked as ActionWhenLeaked,
    name: row.name,
    iam_id: row.iam_id,
    account_id: row.account_id,
    apikey: value,
  };
  if (row.description !== null) out.description = row.description;
  if (row.expires_at !== null) out.expires_at = iamTime(row.expires_at);
  return out;
}
