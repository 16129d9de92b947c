// Whether a key can still get a token, from IAM's key object alone.
import type { ApiKey } from '../../wire/types.js';
import { parseIamTime } from '../../wire/time.js';

/** A key past its expires_at gets no token, as a disabled one. */
export function isExpired(k: ApiKey, now = Date.now()): boolean {
  const at = k.expires_at !== undefined ? parseIamTime(k.expires_at) : undefined;
  return at !== undefined && at <= now;
}

/** Disabled or expired: what a rotation leaves behind until IAM purges it. */
export const isRetired = (k: ApiKey, now = Date.now()): boolean => k.disabled || isExpired(k, now);
