// The rules over rotation marks: reading and writing a mark, which key a name means, and which unfinished
// successors a winning rotation deletes (never one whose run can still win).
import { describe, expect, it } from 'vitest';
import { baseDescription, markOf, withMark } from '../../src/cli/keys/rotation-mark.js';
import { isRotationCandidate, rotationStart, unfinishedSuccessors } from '../../src/cli/keys/rotation-target.js';
import type { ApiKey } from '../../src/wire/types.js';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const id = (n: number): string => `ApiKey-00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const key = (n: number, o: Partial<ApiKey> = {}): ApiKey => ({
  id: id(n), entity_tag: `1-${n}`, crn: '', locked: false, disabled: false, created_at: '2026-12-01T00:00+0000', created_by: '',
  modified_at: '', support_sessions: false, action_when_leaked: 'none', name: 'k', iam_id: 'iam-ServiceId-x', account_id: 'a', apikey: '', ...o,
});

describe('marks', () => {
  it('round-trips each mark and keeps the user\'s own text, never piling marks up', () => {
    const s = withMark('deploy key', { kind: 'successor', of: id(1), at: '3-abc' });
    expect(s).toBe(`deploy key [iamkeys: successor of ${id(1)} at 3-abc]`);
    expect(markOf({ description: s })).toEqual({ kind: 'successor', of: id(1), at: '3-abc' });
    const r = withMark(s, { kind: 'rotated', to: id(2), retire: 'disable' });
    expect(r).toBe(`deploy key [iamkeys: rotated to ${id(2)}; retire disable]`);
    expect(markOf({ description: r })).toEqual({ kind: 'rotated', to: id(2), retire: 'disable' });
    expect(baseDescription(r)).toBe('deploy key');
    expect(withMark(undefined, { kind: 'rotating', to: id(3) })).toBe(`[iamkeys: rotating to ${id(3)}]`);
    // Text that only looks like a mark is the user's.
    for (const d of ['[iamkeys: rotating to somewhere]', `x [iamkeys: rotated to ${id(2)}]`, `[iamkeys: rotating to ${id(2)} at 1-a]`]) {
      expect(markOf({ description: d })).toBeUndefined();
      expect(baseDescription(d)).toBe(d);
    }
  });
});

describe('the key a rotation by name means', () => {
  it('skips a retiring predecessor, an unfinished successor and the successor of an unfinished rotation', () => {
    const old = key(1, { description: `[iamkeys: rotated to ${id(2)}; retire expire]` });
    const next = key(2);
    const orphan = key(3, { description: `[iamkeys: successor of ${id(2)} at 1-2]` });
    expect([old, next, orphan].filter((k) => isRotationCandidate(k, [old, next, orphan], NOW))).toEqual([next]);
    // The old key's rotation has not finished: it is the one meant (to take over, or to finish).
    const pending = key(1, { description: `[iamkeys: rotating to ${id(2)}]` });
    expect([pending, next].filter((k) => isRotationCandidate(k, [pending, next], NOW))).toEqual([pending]);
    expect(rotationStart(pending)).toEqual({ kind: 'take-over', to: id(2) });
    const toDisable = key(1, { description: `[iamkeys: rotated to ${id(2)}; retire disable]` });
    expect([toDisable, next].filter((k) => isRotationCandidate(k, [toDisable, next], NOW))).toEqual([toDisable]);
    expect(rotationStart(toDisable)).toEqual({ kind: 'finish', to: id(2), retire: 'disable' });
    expect(rotationStart({ ...toDisable, disabled: true })).toEqual({ kind: 'rotated', to: id(2), retire: 'disable' });
  });
});

describe('the successors a winner deletes', () => {
  it('those whose run read an older version, or whose predecessor is gone; never the one named, nor one that can still win', () => {
    // After this run's claim the old key is at version 3-w and names this run's successor (10).
    const old = key(1, { entity_tag: '3-w', description: `[iamkeys: rotating to ${id(10)}]` });
    const mine = key(10, { description: `[iamkeys: successor of ${id(1)} at 2-r]` });
    const stale = key(11, { description: `[iamkeys: successor of ${id(1)} at 1-r]` });
    const racing = key(12, { description: `[iamkeys: successor of ${id(1)} at 3-w]` }); // read after the claim: may take over
    const ofGone = key(13, { description: `[iamkeys: successor of ${id(99)} at 1-x]` });
    const otherName = key(14, { name: 'other', description: `[iamkeys: successor of ${id(1)} at 1-r]` });
    const plain = key(15);
    const all = [old, mine, stale, racing, ofGone, otherName, plain];
    expect(unfinishedSuccessors(old, all, mine.id).map((k) => k.id)).toEqual([stale.id, ofGone.id]);
    // Taking over: the successor the unfinished rotation had won with goes too, though it carries no mark.
    expect(unfinishedSuccessors(old, all, mine.id, plain.id).map((k) => k.id)).toEqual([stale.id, ofGone.id, plain.id]);
  });
});
