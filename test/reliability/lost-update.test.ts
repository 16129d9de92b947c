// Issue 5, part 3: no lost updates. Two processes update one key at the same moment. With the same entity
// tag (-v), exactly one wins and the other is told its version is stale (exit 5); without -v, each reads the
// key and sends what it read, so either one is refused the same way or both land one after the other. In no
// case is a reported success silently overwritten.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiKey, ServiceId } from '../../src/wire/types.js';
import { runCli } from '../helpers/run-cli.js';
import { BUSY_RE, STACK_RE, figure, jsonOf, keyRows, requireBuild, spawnCli, tempDir } from './helpers.js';

beforeAll(requireBuild);

const ROUNDS = 20;

async function ok<T>(argv: string[], home: string): Promise<T> {
  const r = await runCli([...argv, '--output', 'json'], { home });
  if (r.code !== 0) throw new Error(`${argv.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

describe('lost updates', { timeout: 180_000 }, () => {
  it(`two updates racing with the same entity tag: exactly one wins, the other exits 5 (${ROUNDS} rounds)`, async () => {
    const home = tempDir();
    const sid = await ok<ServiceId>(['service-id-create', 'race-sid'], home);
    let wonByA = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const key = await ok<ApiKey>(['service-api-key-create', `race-${i}`, sid.id], home);
      // Half the rounds name the service ID, half give its UUID: the key is always given by UUID with -v.
      const s = i % 2 === 0 ? sid.id : 'race-sid';
      const [a, b] = await Promise.all([
        spawnCli(['service-api-key-update', key.id, s, '-v', key.entity_tag!, '-n', `race-${i}-by-a`, '-f', '-o', 'json'], { home, timeoutMs: 60_000 }),
        spawnCli(['service-api-key-update', key.id, s, '-v', key.entity_tag!, '-n', `race-${i}-by-b`, '-f', '-o', 'json'], { home, timeoutMs: 60_000 }),
      ]);
      for (const r of [a, b]) {
        expect(r.stderr).not.toMatch(BUSY_RE);
        expect(r.stderr).not.toMatch(STACK_RE);
      }
      expect([a.code, b.code].sort(), `round ${i}: a ${a.stderr} b ${b.stderr}`).toEqual([0, 5]);
      const [winner, loser, tag] = a.code === 0 ? [a, b, 'a'] : [b, a, 'b'];
      if (tag === 'a') wonByA++;
      expect(loser.stderr).toMatch(/stale version/);
      expect(loser.stdout).toBe('');
      const won = jsonOf<ApiKey>(winner.stdout)!;
      expect(won.name).toBe(`race-${i}-by-${tag}`);
      const now = keyRows(join(home, 'store.db')).find((k) => k.id === key.id)!;
      expect(now.name).toBe(`race-${i}-by-${tag}`);
      expect(now.version).toBe(2);
    }
    figure('lost updates: same entity tag', { rounds: ROUNDS, processes: 2 * ROUNDS, won_by_first: wonByA, won_by_second: ROUNDS - wonByA, lost: 0 });
  });

  it(`two updates racing without -v: never a silent overwrite (${ROUNDS / 2} rounds)`, async () => {
    const home = tempDir();
    const sid = await ok<ServiceId>(['service-id-create', 'race-sid'], home);
    let bothLanded = 0;
    for (let i = 0; i < ROUNDS / 2; i++) {
      const key = await ok<ApiKey>(['service-api-key-create', `race-${i}`, sid.id], home);
      const [a, b] = await Promise.all(['a', 'b'].map((t) =>
        spawnCli(['service-api-key-update', key.id, 'race-sid', '-d', `by ${t}`, '-f', '-o', 'json'], { home, timeoutMs: 60_000 })));
      const now = keyRows(join(home, 'store.db')).find((k) => k.id === key.id)!;
      const codes = [a!.code, b!.code];
      if (codes.includes(5)) {
        // Both read version 1 and sent it: one is refused, and the store holds the other's change.
        expect(codes.sort()).toEqual([0, 5]);
        const winner = a!.code === 0 ? 'a' : 'b';
        expect(now).toMatchObject({ description: `by ${winner}`, version: 2 });
      } else {
        // One read after the other wrote: both changes landed in turn, and the last one reported is the state.
        expect(codes).toEqual([0, 0]);
        bothLanded++;
        const last = [a!, b!].map((r) => jsonOf<ApiKey>(r.stdout)!).sort((x, y) => x.entity_tag!.localeCompare(y.entity_tag!))[1]!;
        expect(last.entity_tag!.startsWith('3-')).toBe(true);
        expect(now).toMatchObject({ description: last.description, version: 3 });
      }
    }
    figure('lost updates: read then write', { rounds: ROUNDS / 2, both_landed_in_turn: bothLanded, lost: 0 });
  });
});
