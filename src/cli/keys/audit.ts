// The stale-key audit: which service ID API keys are too old, unused or about to expire. Pure rules
// over IAM's key objects (with their activity), so the command only lists, judges and prints.
import type { IamClient } from '../../client/iam-client.js';
import type { ApiKey } from '../../wire/types.js';
import { parseIamTime } from '../../wire/time.js';
import { isRetired } from './key-state.js';
import { markOf, markWords } from './rotation-mark.js';

export interface AuditRules {
  olderThanMs?: number;
  unusedForMs?: number;
  expiringWithinMs?: number;
  includeDisabled: boolean;
}

/** The thresholds when no threshold flag is given: keys older than a quarter, unused for a quarter, or two weeks from expiry. */
export const DEFAULT_RULES = { olderThan: '90d', unusedFor: '90d', expiringWithin: '14d' } as const;

export interface Finding {
  id: string;
  name: string;
  service_id: string;
  reasons: string[];
  created_at: string;
  /** activity.last_authn; null when IAM has no record of a use. */
  last_used: string | null;
  expires_at: string | null;
  disabled: boolean;
  /** The key's part in a rotation (`retiring (expire), rotated to ApiKey-…`, `successor of ApiKey-…`), or null. */
  rotation: string | null;
  /** A rotation is retiring it (it expires on its own): shown, but not counted against the gate. */
  retiring: boolean;
}

/** A predecessor a finished rotation set to expire: it needs no attention, its successor took over. */
export const isRetiringByRotation = (k: ApiKey): boolean => {
  const m = markOf(k);
  return m?.kind === 'rotated' && m.retire === 'expire';
};

const DAY = 86_400_000;
const days = (ms: number): string => (ms % DAY === 0 ? `${ms / DAY}d` : `${Math.round(ms / 3_600_000)}h`);

/**
 * The reasons a key needs attention (none: it is fine). A key that gets no token (disabled or expired) is
 * skipped unless asked for: a rotation leaves one behind until IAM purges it.
 */
export function reasonsOf(k: ApiKey, rules: AuditRules, now: number): string[] {
  if (!rules.includeDisabled && isRetired(k, now)) return [];
  const reasons: string[] = [];
  const created = parseIamTime(k.created_at) ?? now;
  const expires = k.expires_at !== undefined ? parseIamTime(k.expires_at) : undefined;
  if (expires !== undefined && expires <= now) reasons.push('expired');
  else if (rules.expiringWithinMs !== undefined && expires !== undefined && expires - now <= rules.expiringWithinMs) {
    reasons.push(`expires within ${days(rules.expiringWithinMs)}`);
  }
  if (rules.olderThanMs !== undefined && now - created > rules.olderThanMs) reasons.push(`older than ${days(rules.olderThanMs)}`);
  if (rules.unusedForMs !== undefined) {
    const last = k.activity?.last_authn !== undefined ? parseIamTime(k.activity.last_authn) : undefined;
    // A key never used counts from its creation: a key made an hour ago is not yet "unused for 90 days".
    if (now - (last ?? created) > rules.unusedForMs) reasons.push(last === undefined ? `never used in ${days(rules.unusedForMs)}` : `unused for ${days(rules.unusedForMs)}`);
  }
  if (k.disabled && reasons.length > 0) reasons.push('disabled');
  return reasons;
}

export function findingOf(k: ApiKey, reasons: string[]): Finding {
  return {
    id: k.id, name: k.name, service_id: k.iam_id.replace(/^iam-/, ''), reasons, created_at: k.created_at,
    last_used: k.activity?.last_authn ?? null, expires_at: k.expires_at ?? null, disabled: k.disabled,
    rotation: markWords(k) ?? null, retiring: isRetiringByRotation(k),
  };
}

/**
 * One pass over the keys, page by page (one request a page, activity included). A key that comes without
 * `activity` (an IAM that ignores include_activity on lists) is read once by id, only when --unused-for needs it.
 */
export async function audit(client: IamClient, pages: AsyncIterable<ApiKey[]>, rules: AuditRules, now: number): Promise<{ checked: number; findings: Finding[] }> {
  const findings: Finding[] = [];
  let checked = 0;
  for await (const page of pages) {
    for (let k of page) {
      if (!rules.includeDisabled && isRetired(k, now)) continue;
      checked++;
      if (rules.unusedForMs !== undefined && !k.activity) k = (await client.getApiKey(k.id, { activity: true })).value;
      const reasons = reasonsOf(k, rules, now);
      if (reasons.length > 0) findings.push(findingOf(k, reasons));
    }
  }
  return { checked, findings };
}
