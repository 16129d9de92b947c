// Checks of flag values that need no request: names, descriptions, expiry, the leaked-key action.
// Bad values fail with exit 2 before anything is sent.
import type { ActionWhenLeaked } from '../../wire/types.js';
import { descriptionProblem, nameProblem } from '../../wire/limits.js';
import { iamTime, parseIamTime } from '../../wire/time.js';
import { invisibleNameProblem } from '../../wire/unsafe-text.js';
import { usageError } from '../errors.js';
import { quoted, safeText } from '../output/safe.js';

export function checkName(name: string, what: string): string {
  const problem = nameProblem(name, what) ?? invisibleNameProblem(name, what);
  if (problem) throw usageError(problem);
  return name;
}

export function checkDescription(description: string | undefined, what: string): string | undefined {
  if (description === undefined) return undefined;
  const problem = descriptionProblem(description, what);
  if (problem) throw usageError(problem);
  return description;
}

export function parseActionIfLeaked(v: string | undefined): ActionWhenLeaked | undefined {
  if (v === undefined) return undefined;
  const a = v.toLowerCase();
  if (a === 'none' || a === 'disable' || a === 'delete') return a;
  throw usageError(`--action-if-leaked must be NONE, DISABLE or DELETE, not ${quoted(v)}.`);
}

const MINUTE_MS = 60_000;

/** --expires-at / --expires-in → IAM's expires_at, or undefined when neither is given. */
export function parseExpiry(at: string | undefined, inn: string | undefined, now: number): string | undefined {
  if (at !== undefined && inn !== undefined) throw usageError('Give --expires-at or --expires-in, not both.');
  let ms: number | undefined;
  if (inn !== undefined) {
    ms = now + parseDuration(inn, '--expires-in');
  } else if (at !== undefined) {
    const s = at.trim();
    ms = /^\d{4}-\d{2}-\d{2}$/.test(s) ? parseIamTime(`${s}T00:00Z`) : parseIamTime(s);
    if (ms === undefined) {
      throw usageError(`--expires-at takes a time such as 2027-01-31T18:30+0000, 2027-01-31T18:30:00Z or 2027-01-31, not ${quoted(at)}.`);
    }
    if (ms <= now) throw usageError(`--expires-at ${safeText(at)} is in the past.`);
  }
  // IAM's time has minutes only: a time with seconds is rounded up to the next minute, so a key never expires
  // before the time asked for, and a time later in the current minute is not sent as one already past.
  return ms === undefined ? undefined : iamTime(Math.ceil(ms / MINUTE_MS) * MINUTE_MS);
}

const DURATION_UNITS: Record<string, number> = { min: MINUTE_MS, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/**
 * A duration flag (`--expires-in`, `--grace`, the audit's thresholds: `90d`, `24h`, `2w`, `30min`) in
 * milliseconds, the one parser for all of them so they take the same units. `0` with any unit only where `zero` allows it
 * (rotate's --grace 0h ends the overlap at once).
 */
export function parseDuration(v: string, flag: string, o: { zero?: boolean } = {}): number {
  const m = /^(\d{1,6})(min|h|d|w)$/.exec(v.trim());
  if (!m || (!o.zero && Number(m[1]) === 0)) {
    throw usageError(`${flag} takes a ${o.zero ? '' : 'positive '}whole number and a unit min, h, d or w (for example 90d or 24h), not ${quoted(v)}.`);
  }
  return Number(m[1]) * DURATION_UNITS[m[2]!]!;
}
