// Keyset paging over a table's seq column. The page token is opaque to clients (base64url JSON) and carries
// the whole query, as IAM's does, so a token alone continues a listing. Keyset rather than
// offset: keys created or deleted by other processes during a listing neither repeat nor skip others.
import { invalidValue } from './errors.js';

export const PAGESIZE_DEFAULT = 20;
export const PAGESIZE_MAX = 100;

export interface Cursor<Q> {
  q: Q;
  /** seq to continue from; 0 with dir 'after' means the start. */
  s: number;
  dir: 'after' | 'before';
  /** index of the first item of the page. */
  o: number;
  n: number;
}

export function encodeToken<Q>(c: Cursor<Q>): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeToken<Q>(token: string): Cursor<Q> {
  try {
    const c = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Cursor<Q>;
    if (typeof c === 'object' && c !== null && Number.isInteger(c.s) && Number.isInteger(c.o) && Number.isInteger(c.n)
      && c.n >= 1 && c.n <= PAGESIZE_MAX && c.o >= 0
      && (c.dir === 'after' || c.dir === 'before') && typeof c.q === 'object' && c.q !== null) return c;
  } catch {
    // fall through
  }
  throw invalidValue('pagetoken', 'The page token is not one this server issued.');
}

export function parsePagesize(raw: string | null): number {
  if (raw === null || raw === '') return PAGESIZE_DEFAULT;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > PAGESIZE_MAX) {
    throw invalidValue('pagesize', `Value '${raw}' is not valid. Valid values: 1 to ${PAGESIZE_MAX}.`);
  }
  return n;
}

export interface Page<T> {
  items: T[];
  offset: number;
  limit: number;
  next?: string;
  previous?: string;
}

/**
 * Runs one page of a keyset query. fetch(op, s, limit) returns rows with seq in query order when op is the
 * forward comparison, or in reverse order for the backward one; desc flips which is which.
 */
export function runPage<Q, R extends { seq: number }>(
  c: Cursor<Q>,
  desc: boolean,
  fetch: (cmp: '>' | '<', s: number, limit: number, reverse: boolean) => R[],
): Page<R> {
  const forward = c.dir === 'after';
  const cmp: '>' | '<' = forward !== desc ? '>' : '<';
  const start = c.dir === 'after' && c.s === 0 ? (desc ? Number.MAX_SAFE_INTEGER : 0) : c.s;
  let rows = fetch(cmp, start, c.n + 1, !forward);
  const more = rows.length > c.n;
  rows = rows.slice(0, c.n);
  if (!forward) rows.reverse();
  const offset = forward ? c.o : Math.max(0, c.o - rows.length);
  const page: Page<R> = { items: rows, offset, limit: c.n };
  const first = rows[0];
  const last = rows[rows.length - 1];
  const hasNext = forward ? more : true;
  const hasPrev = forward ? c.o > 0 : more;
  if (hasNext && last) page.next = encodeToken({ ...c, s: last.seq, dir: 'after', o: offset + rows.length });
  if (hasPrev && first) page.previous = encodeToken({ ...c, s: first.seq, dir: 'before', o: offset });
  return page;
}
