// The marks a rotation leaves in API keys' descriptions. The description is the one field of a key that IBM's
// API keeps as given and that any client can read, so a rotation that was killed half-way, or that lost a race,
// can be recognised by the next run, on any IAM:
//   successor:  `… [iamkeys: successor of ApiKey-OLD at VERSION]` on the new key from its creation until its
//               rotation hands it over (then its description is the old key's again): a key still marked so is
//               unfinished. VERSION is the old key's entity tag its run read: the run can still win only while
//               the old key is at that version
//   rotating:   `… [iamkeys: rotating to ApiKey-NEW]`    on the old key: this run won the rotation (If-Match)
//   rotated:    `… [iamkeys: rotated to ApiKey-NEW; retire MODE]` on the old key: the successor took over
// The mark replaces any earlier one, so marks never pile up along a chain of rotations.
import { DESCRIPTION_MAX } from '../../wire/limits.js';
import type { ApiKey } from '../../wire/types.js';

export const RETIRE_MODES = ['expire', 'disable', 'delete', 'keep'] as const;
export type RetireMode = (typeof RETIRE_MODES)[number];

export type RotationMark =
  | { kind: 'successor'; of: string; at?: string }
  | { kind: 'rotating'; to: string }
  | { kind: 'rotated'; to: string; retire: RetireMode };

const MARK_RE = / ?\[iamkeys: (successor of|rotating to|rotated to) (ApiKey-[A-Za-z0-9-]{1,80})(?: at ([!#-Z^-~]{1,64}))?(?:; retire (expire|disable|delete|keep))?\]$/;

/** The longest version a successor's mark records (a longer one is left out: the successor then counts as stale). */
const VERSION_MAX = 64;

/** The longest mark, with its leading space: what a description must leave room for. */
export const MARK_ROOM = ` [iamkeys: successor of ApiKey-00000000-0000-0000-0000-000000000000 at ${'0'.repeat(VERSION_MAX)}]`.length;

export function markOf(k: Pick<ApiKey, 'description'>): RotationMark | undefined {
  const m = MARK_RE.exec(k.description ?? '');
  if (!m) return undefined;
  const [, kind, id, at, retire] = m as unknown as [string, string, string, string | undefined, RetireMode | undefined];
  if (kind === 'successor of') return retire === undefined ? { kind: 'successor', of: id, ...(at !== undefined ? { at } : {}) } : undefined;
  if (at !== undefined) return undefined;
  if (kind === 'rotating to') return retire === undefined ? { kind: 'rotating', to: id } : undefined;
  return retire !== undefined ? { kind: 'rotated', to: id, retire } : undefined;
}

/** The user's own description, without a rotation's mark. */
export function baseDescription(description: string | undefined): string {
  const d = description ?? '';
  return markOf({ description: d }) ? d.replace(MARK_RE, '') : d;
}

export function withMark(description: string | undefined, mark: RotationMark): string {
  const base = baseDescription(description);
  const version = mark.kind === 'successor' && mark.at !== undefined && /^[!#-Z^-~]{1,64}$/.test(mark.at) ? ` at ${mark.at}` : '';
  const text = mark.kind === 'successor' ? `successor of ${mark.of}${version}`
    : mark.kind === 'rotating' ? `rotating to ${mark.to}` : `rotated to ${mark.to}; retire ${mark.retire}`;
  return `${base}${base === '' ? '' : ' '}[iamkeys: ${text}]`;
}

/** Whether the user's description leaves room for a mark within IAM's limit. */
export const roomForMark = (description: string | undefined): boolean =>
  [...baseDescription(description)].length + MARK_ROOM <= DESCRIPTION_MAX;

/** Words for a key's part in a rotation, for lists, details and messages; undefined: none. */
export function markWords(k: Pick<ApiKey, 'description'>): string | undefined {
  const m = markOf(k);
  if (!m) return undefined;
  if (m.kind === 'successor') return `unfinished successor of ${m.of}`;
  if (m.kind === 'rotating') return `being rotated to ${m.to}`;
  return `retiring (${m.retire}), rotated to ${m.to}`;
}
