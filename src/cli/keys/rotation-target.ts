// Which key a rotation by name means, and what a rotation finds the key it was given in. Keys of one name pile
// up along rotations (the successor takes its predecessor's name), so the one meant is told from the marks
// (rotation-mark.ts) and whether each key still works.
import type { ApiKey } from '../../wire/types.js';
import { isRetired } from './key-state.js';
import { markOf, type RetireMode } from './rotation-mark.js';

/** A rotation is finished with the old key: it is kept or expires on its own (expire, keep). */
const handedOver = (k: ApiKey): boolean => {
  const m = markOf(k);
  return m?.kind === 'rotated' && (m.retire === 'expire' || m.retire === 'keep');
};

/**
 * Whether a key of this name is the one a rotation by name means. Not: a key that gets no token; a predecessor a
 * finished rotation is retiring; a successor whose rotation has not finished (its predecessor still works and
 * is not yet handed over), which a killed or losing run left and the next winner removes.
 */
export function isRotationCandidate(k: ApiKey, sameName: readonly ApiKey[], now: number): boolean {
  if (isRetired(k, now) || handedOver(k)) return false;
  const m = markOf(k);
  if (m?.kind === 'successor') {
    const pred = sameName.find((p) => p.id === m.of);
    if (pred && !isRetired(pred, now) && !handedOver(pred)) return false;
  }
  return true;
}

/** What a rotation does with the key it was given, from the key's mark. */
export type RotationStart =
  /** No rotation under way: rotate it. */
  | { kind: 'fresh' }
  /** A rotation to `to` won but did not finish (killed or cut off): this run takes over, with a fresh successor. */
  | { kind: 'take-over'; to: string }
  /** The successor's secret is out and the old key was marked, but not yet disabled or deleted: finish that. */
  | { kind: 'finish'; to: string; retire: 'disable' | 'delete' }
  /** Already rotated: the successor is the key to rotate. */
  | { kind: 'rotated'; to: string; retire: RetireMode };

export function rotationStart(k: ApiKey): RotationStart {
  const m = markOf(k);
  if (m?.kind === 'rotating') return { kind: 'take-over', to: m.to };
  if (m?.kind === 'rotated') {
    if ((m.retire === 'disable' && !k.disabled) || m.retire === 'delete') return { kind: 'finish', to: m.to, retire: m.retire };
    return { kind: 'rotated', to: m.to, retire: m.retire };
  }
  return { kind: 'fresh' };
}

/** Keys that are unfinished successors of `old` (other than `keep`): what a winning rotation removes. */
export function unfinishedSuccessors(old: ApiKey, keys: readonly ApiKey[], keep: string): ApiKey[] {
  return keys.filter((k) => k.id !== keep && k.id !== old.id && markOf(k)?.kind === 'successor'
    && (markOf(k) as { of: string }).of === old.id && !k.locked);
}
