// What the operating system said about a file or a socket, in words: a user reads "does not exist", not ENOENT.
import { safeText } from './safe.js';

const WORDS: Record<string, string> = {
  ENOENT: 'does not exist',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'a part of its path is not a folder',
  ELOOP: 'too many symbolic links in its path',
  ENOSPC: 'no space left on the disk',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
  EIO: 'an input/output error of the disk',
  EADDRINUSE: 'the port is in use',
  EADDRNOTAVAIL: 'the address is not one of this machine',
  ENOTFOUND: 'the host name is not known',
};

/** The error's cause in words (its message when the code is not one listed), escaped: it may hold a path. */
export function osErrorText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return safeText((code !== undefined ? WORDS[code] : undefined) ?? (err as Error | undefined)?.message ?? String(err));
}

/** Whether the error is the port being taken by another server. */
export const isAddressInUse = (err: unknown): boolean => (err as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';
