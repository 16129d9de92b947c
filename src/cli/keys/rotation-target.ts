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

/** The key a mark on `p` names as its successor, when p's rotation is not finished with it yet. */
const pendingSuccessorOf = (p: ApiKey, now: number): string | undefined => {
  const m = markOf(p);
  return m && m.kind !== 'successor' && !handedOver(p) && !isRetired(p, now) ? m.to : undefined;
};

/**
 * Whether a key of this name is the one a rotation by name means. Not: a key that gets no token; a predecessor a
 * finished rotation is retiring; a successor still marked as one (its rotation never got as far as handing it
 * over: killed, or lost); a successor whose predecessor's rotation is not finished (the predecessor is meant).
 */
export function isRotationCandidate(k: ApiKey, sameName: readonly ApiKey[], now: number): boolean {
  if (isRetired(k, now) || handedOver(k) || markOf(k)?.kind === 'successor') return false;
  return !sameName.some((p) => p.id !== k.id && pendingSuccessorOf(p, now) === k.id);
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
  | { kind: 'rotated'; to: string; retire: RetireMode }
  /** The key is itself a successor whose rotation did not finish: its predecessor's rotation is to be run again. */
  | { kind: 'unfinished-successor'; of: string };

export function rotationStart(k: ApiKey): RotationStart {
  const m = markOf(k);
  if (m?.kind === 'successor') return { kind: 'unfinished-successor', of: m.of };
  if (m?.kind === 'rotating') return { kind: 'take-over', to: m.to };
  if (m?.kind === 'rotated') {
    if ((m.retire === 'disable' && !k.disabled) || m.retire === 'delete') return { kind: 'finish', to: m.to, retire: m.retire };
    return { kind: 'rotated', to: m.to, retire: m.retire };
  }
  return { kind: 'fresh' };
}

/**
 * The keys of the old key's name that a winning rotation deletes: successors still marked as such that can no
 * longer win (their predecessor is gone, or has moved on from the version their run read and does not name them),
 * and the successor an unfinished rotation of this key had won with (`takenOver`). Never `keep` (this run's own).
 */
export function unfinishedSuccessors(old: ApiKey, keys: readonly ApiKey[], keep: string, takenOver?: string): ApiKey[] {
  return keys.filter((k) => {
    if (k.id === keep || k.id === old.id || k.name !== old.name || k.locked) return false;
    if (k.id === takenOver) return true;
    const m = markOf(k);
    if (m?.kind !== 'successor') return false;
    const pred = keys.find((p) => p.id === m.of);
    if (!pred) return true;
    const pm = markOf(pred);
    if (pm !== undefined && pm.kind !== 'successor' && pm.to === k.id) return false;
    return m.at !== pred.entity_tag;
  });
}
