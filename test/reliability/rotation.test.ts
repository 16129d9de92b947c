// service-api-key-rotate as real processes: ten concurrent pairs rotating the same key (each retire mode, by id
// and by name) on both transports, and SIGKILL at each step of a rotation (chosen through the served IAM's
// request hook: the process dies when its request arrives, and the request is then dropped or applied). After
// each kill the state is one the README lists, and running the same command again finishes it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiKey } from '../../src/wire/types.js';
import { parseJson } from '../helpers/cli.js';
import { openWorld, type TransportName, type World } from '../cli/lifecycle-world.js';
import { figure, jsonOf, pool, requireBuild, type Spawned } from './helpers.js';
import { classify, expectFinished, keysNamed, spawnKillable, spawnOn, tempsIn, type RotationState } from './rotation-world.js';

const MODES = ['expire', 'disable', 'keep', 'delete'] as const;
const PAIRS = 10;

interface Rotated { new: ApiKey; old: ApiKey }

beforeAll(requireBuild);

const tokenWorks = async (w: World, apikey: string): Promise<boolean> => (await w.token(apikey)).status === 200;

describe.each<TransportName>(['local', 'serve'])('rotation as processes (%s)', { timeout: 240_000 }, (transport) => {
  let w: World;
  let sid: string;
  beforeAll(async () => {
    w = await openWorld(transport);
    sid = parseJson<{ id: string }>((await w.ok(['service-id-create', 'racing', '-o', 'json'])).stdout).id;
  });
  afterAll(async () => {
    await w?.close();
  });

  it(`${PAIRS} concurrent pairs rotating one key: one key in use afterwards, the loser exits non-zero with the true reason`, async () => {
    // Over HTTP every request waits a little, so both runs of a pair read the old key before either wins it.
    w.iam?.setFaults('latency=120');
    const reasons: Record<string, number> = {};
    await pool(Array.from({ length: PAIRS }, (_, i) => i), 2, async (i) => {
      const mode = MODES[i % MODES.length]!;
      const byName = i % 2 === 0;
      const name = `pair-${i}`;
      const old = parseJson<ApiKey>((await w.ok(['service-api-key-create', name, sid, '--expires-in', '30d', '-o', 'json'])).stdout);
      // Every third pair writes the same --file from both runs: only the winner may write it.
      const file = i % 3 === 0 ? join(w.home, `${name}.json`) : undefined;
      const argv = ['service-api-key-rotate', byName ? name : old.id, sid, '--retire', mode, '-f', '-o', 'json', ...(file ? ['--file', file] : [])];
      const runs = await Promise.all([spawnOn(w, argv), spawnOn(w, argv)]);
      const where = `pair ${i} (${mode}, by ${byName ? 'name' : 'id'})`;
      for (const r of runs) {
        expect(`${r.stdout}${r.stderr}`, where).not.toContain(old.apikey);
        expect(r.timedOut, where).toBe(false);
      }
      const keys = await keysNamed(w, sid, name);
      const inUse = expectFinished(keys);
      const ok = runs.filter((r) => r.code === 0).map((r) => jsonOf<{ new: ApiKey | null; old: ApiKey }>(r.stdout)!);
      // A run that read the old key already marked rotated, before the winner disabled or deleted it, only does that
      // (its JSON has no new key): no second key either.
      const finishers = ok.filter((d) => d.new === null);
      const won = ok.filter((d): d is Rotated => d.new !== null);
      const lost = runs.filter((r) => r.code !== 0);
      if (finishers.length > 0) {
        expect(won, where).toHaveLength(1);
        expect(finishers[0]!.old.id, where).toBe(old.id);
        expect(inUse.id, where).toBe(won[0]!.new.id);
        reasons['came after: finished the retirement (exit 0, no key made)'] = (reasons['came after: finished the retirement (exit 0, no key made)'] ?? 0) + 1;
        return;
      }
      expect(won.length, `${where}: ${runs.map((r) => r.stderr).join('\n')}`).toBeGreaterThanOrEqual(1);
      if (won.length === 2) {
        // One ran after the other had finished: by name, that is a rotation of the successor, a chain.
        expect(byName, where).toBe(true);
        const [a, b] = won[0]!.old.id === old.id ? [won[0]!, won[1]!] : [won[1]!, won[0]!];
        expect(b.old.id, where).toBe(a.new.id);
        expect(inUse.id, where).toBe(b.new.id);
        reasons['sequential (by name: a chain)'] = (reasons['sequential (by name: a chain)'] ?? 0) + 1;
        return;
      }
      expect(inUse.id, where).toBe(won[0]!.new.id);
      const secret = file ? (JSON.parse(readFileSync(file, 'utf8')) as { apikey: string }).apikey : won[0]!.new.apikey;
      expect(await tokenWorks(w, secret), where).toBe(true);
      expect(secret, where).not.toBe(old.apikey);
      if (file) expect(tempsIn(w.home), where).toEqual([]);
      const loser = lost[0]!;
      const reason = reasonOf(loser, won[0]!.new.id, old.id);
      expect(reason, `${where}: exit ${loser.code}: ${loser.stderr}`).toBeDefined();
      reasons[reason!] = (reasons[reason!] ?? 0) + 1;
    });
    w.iam?.setFaults(undefined);
    figure(`concurrent pairs (${transport})`, reasons);
  });

  it('a disabled key is rotated by no process, however many at once', async () => {
    const k = parseJson<ApiKey>((await w.ok(['service-api-key-create', 'off', sid, '-o', 'json'])).stdout);
    await w.ok(['service-api-key-disable', k.id, sid, '-f']);
    const runs = await Promise.all([0, 1, 2].map(() => spawnOn(w, ['service-api-key-rotate', k.id, sid, '--retire', 'disable', '-f'])));
    for (const r of runs) {
      expect(r.code).toBe(5);
      expect(r.stderr).toMatch(/is disabled, so it gets no token and is not rotated\. Nothing was created\./);
    }
    expect((await keysNamed(w, sid, 'off')).map((x) => x.id)).toEqual([k.id]);
  });
});

/** The loser's reason, if it is one that is true of the winner `winnerNew`; undefined otherwise. */
function reasonOf(r: Spawned, winnerNew: string, oldId: string): string | undefined {
  const text = r.stderr;
  if (r.code === 5 && new RegExp(`This rotation lost: another rotation of API key ${oldId} won: its successor is ${winnerNew}\\.`).test(text)
    && /(This run deleted its own successor|was already deleted by the run that won)/.test(text)) return 'lost the race (exit 5), own successor deleted';
  if (r.code === 5 && new RegExp(`was already rotated .*Its successor is ${winnerNew}:`).test(text)) return 'came after: already rotated (exit 5)';
  if (r.code === 5 && new RegExp(`is disabled, so it gets no token and is not rotated\\. Its successor is ${winnerNew}:`).test(text)) return 'came after: disabled (exit 5)';
  if (r.code === 5 && new RegExp(`This rotation lost: the old API key ${oldId} was deleted`).test(text)
    && /(This run deleted its own successor|was already deleted by the run that won)/.test(text)) return 'lost the race to a deletion (exit 5), own successor deleted';
  if (r.code === 3 && new RegExp(`API key '${oldId}' was not found`).test(text)) return 'came after: deleted (exit 3)';
  return undefined;
}

describe('a rotation killed at each step, over HTTP (the process dies when its request reaches IAM)', { timeout: 240_000 }, () => {
  let w: World;
  let sid: string;
  beforeAll(async () => {
    w = await openWorld('serve');
    sid = parseJson<{ id: string }>((await w.ok(['service-id-create', 'killed', '-o', 'json'])).stdout).id;
  });
  afterAll(async () => {
    await w?.close();
  });

  interface KillCase {
    what: string;
    mode: (typeof MODES)[number];
    /** The request at which the process dies: its method and path (OLD: the old key's id), the nth such. */
    at: { method: string; path: string; nth: number };
    /** Whether IAM still applies that request (else it never arrives whole). */
    applied: boolean;
    state: RotationState;
  }
  const CASES: KillCase[] = [
    { what: 'at the successor\'s creation, before IAM made it', mode: 'expire', at: { method: 'POST', path: '/v1/apikeys', nth: 1 }, applied: false, state: 'untouched' },
    { what: 'right after the successor was made', mode: 'expire', at: { method: 'POST', path: '/v1/apikeys', nth: 1 }, applied: true, state: 'successor-made' },
    { what: 'at the versioned mark that wins, before IAM applied it', mode: 'disable', at: { method: 'PUT', path: '/v1/apikeys/OLD', nth: 1 }, applied: false, state: 'successor-made' },
    { what: 'right after winning, before the secret was saved', mode: 'expire', at: { method: 'PUT', path: '/v1/apikeys/OLD', nth: 1 }, applied: true, state: 'won' },
    { what: 'after the secret was saved, before the old key was marked rotated', mode: 'delete', at: { method: 'PUT', path: '/v1/apikeys/OLD', nth: 2 }, applied: false, state: 'won' },
    { what: 'at the successor\'s hand-over, before IAM applied it', mode: 'expire', at: { method: 'PUT', path: 'NEW', nth: 1 }, applied: false, state: 'won' },
    { what: 'right after the successor\'s hand-over', mode: 'disable', at: { method: 'PUT', path: 'NEW', nth: 1 }, applied: true, state: 'won' },
    { what: 'right after the old key was marked rotated (expire: finished, unreported)', mode: 'expire', at: { method: 'PUT', path: '/v1/apikeys/OLD', nth: 2 }, applied: true, state: 'done' },
    { what: 'at the disabling, before IAM applied it', mode: 'disable', at: { method: 'POST', path: '/v1/apikeys/OLD/disable', nth: 1 }, applied: false, state: 'retiring-unfinished' },
    { what: 'at the deletion, before IAM applied it', mode: 'delete', at: { method: 'DELETE', path: '/v1/apikeys/OLD', nth: 1 }, applied: false, state: 'retiring-unfinished' },
    { what: 'right after the deletion (finished, unreported)', mode: 'delete', at: { method: 'DELETE', path: '/v1/apikeys/OLD', nth: 1 }, applied: true, state: 'done' },
  ];

  it.each(CASES.map((c, i) => [i, c] as const))('kill %i: %s; the same command again finishes', async (i, c) => {
    const name = `killed-${i}`;
    const old = parseJson<ApiKey>((await w.ok(['service-api-key-create', name, sid, '--expires-in', '30d', '-o', 'json'])).stdout);
    const file = join(w.home, `${name}.json`);
    const argv = ['service-api-key-rotate', name, sid, '--retire', c.mode, '-f', '--file', file];
    const path = c.at.path.replace('OLD', old.id);
    let seen = 0;
    let proc: ReturnType<typeof spawnKillable> | undefined;
    let fired = false;
    w.iam!.setFaults((req, _res, next) => {
      const p = (req.url ?? '').split('?')[0]!;
      const hit = c.at.path === 'NEW' ? p.startsWith('/v1/apikeys/') && !p.startsWith(`/v1/apikeys/${old.id}`) : p === path;
      if (!fired && req.method === c.at.method && hit && ++seen === c.at.nth) {
        fired = true;
        proc!.kill();
        if (!c.applied) {
          req.socket.destroy();
          return;
        }
      }
      next();
    });
    proc = spawnKillable(w, argv);
    const killed = await proc.done;
    w.iam!.setFaults(undefined);
    expect(fired, killed.stderr).toBe(true);
    expect(killed.signal).toBe('SIGKILL');
    expect(`${killed.stdout}${killed.stderr}`).not.toContain(old.apikey);
    // An applied request may still be running in the server: wait until IAM has answered it.
    await new Promise((r) => setTimeout(r, 50));
    expect(classify(await keysNamed(w, sid, name), old.id)).toBe(c.state);

    const again = await spawnOn(w, argv);
    expect(again.code, again.stderr).toBe(0);
    const inUse = expectFinished(await keysNamed(w, sid, name));
    // The file holds the secret of the key in use, and no temp file is left.
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { apikey: string };
    expect(await tokenWorks(w, saved.apikey)).toBe(true);
    expect((await keysNamed(w, sid, name)).filter((k) => k.id === inUse.id)).toHaveLength(1);
    expect(tempsIn(w.home)).toEqual([]);
    expect(`${again.stdout}${again.stderr}`).not.toContain(old.apikey);
  });
});
