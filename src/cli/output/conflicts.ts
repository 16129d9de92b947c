// IAM's conflicts (409, and 412 should IAM ever answer a stale If-Match so), told in the CLI's words with the
// command that fixes them; IAM's own words, code and transaction id follow. Real IAM's codes: a service ID whose
// keys cannot be deleted is `delete_not_possible` / BXNIM0105E (captured); for a locked entity and a stale
// If-Match no real body is published, so besides the local IAM's codes its words are read (lock / If-Match,
// entity tag, version), and a 409 that says neither gets both hints: it is one or the other.
import { ApiError } from '../../client/errors.js';
import { CliError } from '../errors.js';
import { Exit } from '../exit-codes.js';
import { describeApiError } from './api-error-text.js';

export interface ConflictHints {
  /** What is locked, e.g. `API key 'k' of service ID 's'`. */
  subject: string;
  /** The command that unlocks it. */
  unlock: string;
  /** The command that shows the current version. */
  show: string;
}

const lockedText = (hints: Pick<ConflictHints, 'subject' | 'unlock'>): string =>
  `${hints.subject} is locked, so it cannot be changed or deleted. Unlock it first with '${hints.unlock}'.`;

/**
 * A locked entity is reported before the question, not after a `y`. IAM stays the judge: this only reads the
 * `locked` it returned, and IAM's own 409 is still handled below for what changes in between.
 */
export function refuseLocked(locked: boolean, hints: Pick<ConflictHints, 'subject' | 'unlock'>): void {
  if (locked) throw new CliError(Exit.conflict, lockedText(hints));
}

export type ConflictKind = 'locked' | 'stale' | 'locked-keys' | 'unknown';

/** Which conflict IAM's answer tells, by its code, else by its words. */
export function conflictKind(err: ApiError): ConflictKind {
  if (err.code === 'delete_not_possible' || err.messageCode === 'BXNIM0105E') return 'locked-keys';
  if (err.code === 'entity_locked') return 'locked';
  if (err.code === 'version_conflict' || err.status === 412) return 'stale';
  const words = `${err.message} ${err.details ?? ''}`;
  if (/\block(ed)?\b/i.test(words)) return 'locked';
  if (/if-match|etag|entity[ _-]?tag|\bversion\b|modified/i.test(words)) return 'stale';
  return 'unknown';
}

export async function withConflictHints<T>(hints: ConflictHints, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof ApiError) || (err.status !== 409 && err.status !== 412)) throw err;
    throw new CliError(Exit.conflict, `${conflictText(conflictKind(err), hints)}\nIAM: ${describeApiError(err)}`);
  }
}

function conflictText(kind: ConflictKind, h: ConflictHints): string {
  switch (kind) {
    case 'locked': return lockedText(h);
    case 'stale': return `${h.subject} was changed since the version you gave was read (stale version). See its current version with '${h.show}' and try again.`;
    case 'locked-keys': return `${h.subject} has a locked API key, so it cannot be deleted. Unlock its keys first.`;
    case 'unknown': return `IAM refused to change ${h.subject} (conflict): it is locked, or it was changed since it was read. `
      + `Unlock it first with '${h.unlock}', or see its current version with '${h.show}' and try again.`;
  }
}
