// The local IAM's store failing under it: the host's failure, not an answer of IAM's. It carries facts only
// (what happened, to which file, SQLite's or the OS's own words); the CLI adds what to do (cli/output/store-failure.ts).
// Kept apart from store.ts, so that telling these errors apart does not load SQLite.

/** What went wrong with the store file. */
export type StoreFailure =
  /** The file is not (or no longer) a sound SQLite database. */
  | 'damaged'
  /** The disk (or the file system's quota) is full. */
  | 'full'
  /** The file, its folder or the file system cannot be written. */
  | 'readonly'
  /** The operating system failed to read or write it. */
  | 'io'
  /** It could not be opened for another reason (a folder in its place, a newer schema...). */
  | 'unopenable';

export class StoreError extends Error {
  constructor(readonly failure: StoreFailure, readonly path: string, override readonly cause: string) {
    super(`The local IAM store ${path} ${WHAT[failure]}: ${cause}`);
    this.name = 'StoreError';
  }
}

const WHAT: Record<StoreFailure, string> = {
  damaged: 'is damaged',
  full: 'cannot be written because the disk is full',
  readonly: 'cannot be written (read-only)',
  io: 'cannot be read or written (I/O error)',
  unopenable: 'cannot be opened',
};

/** The failure an error of SQLite (or of the file system under it) stands for; undefined for any other error. */
export function storeFailureOf(err: unknown): StoreFailure | undefined {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string') return undefined;
  if (/^SQLITE_(CORRUPT|NOTADB)/.test(code)) return 'damaged';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'full';
  if (/^SQLITE_READONLY/.test(code) || code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return 'readonly';
  if (/^SQLITE_(IOERR|CANTOPEN)/.test(code) || code === 'EIO') return 'io';
  return undefined;
}

/** A StoreError for an error the store met (itself, if it is one already); undefined for any other error. */
export function storeError(err: unknown, path: string): StoreError | undefined {
  if (err instanceof StoreError) return err;
  const failure = storeFailureOf(err);
  return failure ? new StoreError(failure, path, (err as Error).message) : undefined;
}

/** SQLite's answer when another process holds the store's write lock: a wait, not a failure of the file. */
export function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}
