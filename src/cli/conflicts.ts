// IAM's 409s, told in the CLI's words with the command that fixes them. IAM's own code and transaction id stay
// in the message. Codes of the real IAM for these cases are not captured (reference §5.1), so a 409 that is not
// recognised keeps IAM's text.
import { ApiError } from '../client/errors.js';
import { CliError } from './errors.js';
import { Exit } from './exit-codes.js';
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

export async function withConflictHints<T>(hints: ConflictHints, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 409) throw err;
    const iam = describeApiError(err);
    if (err.code === 'entity_locked') {
      throw new CliError(Exit.conflict, `${lockedText(hints)}\nIAM: ${iam}`);
    }
    if (err.code === 'version_conflict') {
      throw new CliError(Exit.conflict,
        `${hints.subject} was changed since the version you gave was read (stale version). See its current version with '${hints.show}' and try again.\nIAM: ${iam}`);
    }
    if (err.code === 'delete_not_possible') {
      throw new CliError(Exit.conflict, `${hints.subject} has a locked API key, so it cannot be deleted. Unlock its keys first.\nIAM: ${iam}`);
    }
    throw new CliError(Exit.conflict, iam);
  }
}
