// The one place that tells the user about the local IAM's store failing: the store's facts (the file, what
// happened, the cause), that nothing was changed (every change is one transaction, rolled back when it fails),
// and what to do. Used for the in-process IAM and for `iamkeys serve` opening its store.
import type { StoreError, StoreFailure } from '../../emulator/store-error.js';
import { safeText } from './safe.js';

const MOVE_ASIDE = 'Move it aside (a new, empty store is made on the next command) or restore it from a backup.';

const WHAT_TO_DO: Record<StoreFailure, string> = {
  damaged: MOVE_ASIDE,
  unopenable: MOVE_ASIDE,
  full: 'Free some space on its disk, then try again.',
  readonly: 'Make it and its folder writable, or use a store in a writable folder (IAMKEYS_HOME, or --store for serve).',
  io: 'Check the disk it is on, then try again.',
};

export function describeStoreError(err: StoreError): string {
  return `${safeText(err.message)}. Nothing was changed. ${WHAT_TO_DO[err.failure]}`;
}
