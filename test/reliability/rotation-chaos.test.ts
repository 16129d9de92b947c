// A bounded chaos run of service-api-key-rotate on both transports: real processes SIGKILLed at random moments
// (some of them while a second run of the same command races them), then the state checked against the README's
// list and finished by running the same command again. IAMKEYS_ROTATION_CHAOS sets the kills per transport
// (default 20, so the file stays well under a minute; set it to 100 or more for a longer run).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiKey } from '../../src/wire/types.js';
import { parseJson } from '../helpers/cli.js';
import { openWorld, type TransportName, type World } from '../cli/lifecycle-world.js';
import { seededRandom } from '../../src/emulator/faults.js';
import { figure, requireBuild } from './helpers.js';
import { classify, expectFinished, keysNamed, spawnOn, tempsIn, type RotationState } from './rotation-world.js';

const KILLS = Number(process.env['IAMKEYS_ROTATION_CHAOS'] ?? 20);
const MODES = ['expire', 'disable', 'keep', 'delete'] as const;

beforeAll(requireBuild);

describe.each<TransportName>(['local', 'serve'])('rotation chaos (%s)', (transport) => {
  let w: World;
  let sid: string;
  beforeAll(async () => {
    w = await openWorld(transport);
    sid = parseJson<{ id: string }>((await w.ok(['service-id-create', 'chaos', '-o', 'json'])).stdout).id;
    // Over HTTP each request waits a little, so the kills land between requests as often as in them.
    w.iam?.setFaults('latency=50');
  });
  afterAll(async () => {
    await w?.close();
  });

  it(`${KILLS} random kills, a quarter of them racing a second run; each state is listed and the rerun finishes it`, { timeout: 60_000 + KILLS * 6_000 }, async () => {
    const rnd = seededRandom(transport === 'local' ? 21 : 22);
    const started = Date.now();
    // Where a run spends its time: the start of a process (no change yet) and a whole rotation, each measured a
    // few times (the machine is shared); the kills fall between a little before the first change and a little
    // after the last one.
    const probes: number[] = [];
    for (let i = 0; i < 3; i++) probes.push((await spawnOn(w, ['service-api-keys', sid, '-o', 'json'])).ms);
    const wholes: number[] = [];
    for (let i = 0; i < 2; i++) {
      const k = parseJson<ApiKey>((await w.ok(['service-api-key-create', `chaos-probe-${i}`, sid, '-o', 'json'])).stdout);
      const whole = await spawnOn(w, ['service-api-key-rotate', k.id, sid, '-o', 'json']);
      expect(whole.code, whole.stderr).toBe(0);
      wholes.push(whole.ms);
    }
    const from = Math.round(Math.min(...probes) * 0.9);
    const to = Math.max(from + 100, Math.round(Math.max(...wholes) * 1.05));
    const states: Partial<Record<RotationState, number>> = {};
    let raced = 0;
    for (let i = 0; i < KILLS; i++) {
      const mode = MODES[Math.floor(rnd() * MODES.length)]!;
      const name = `chaos-${i}`;
      const old = parseJson<ApiKey>((await w.ok(['service-api-key-create', name, sid, '--expires-in', '30d', '-o', 'json'])).stdout);
      const file = join(w.home, `${name}.json`);
      const argv = ['service-api-key-rotate', name, sid, '--retire', mode, '-f', '--file', file, '-o', 'json'];
      const race = rnd() < 0.25;
      if (race) raced++;
      const killAfterMs = Math.round(from + rnd() * (to - from));
      const runs = await Promise.all([
        spawnOn(w, argv, { killAfterMs }),
        ...(race ? [spawnOn(w, argv, rnd() < 0.5 ? { killAfterMs: Math.round(from + rnd() * (to - from)) } : {})] : []),
      ]);
      const where = `kill ${i} (${mode}${race ? ', raced' : ''}, at ${killAfterMs} ms)`;
      for (const r of runs) {
        expect(`${r.stdout}${r.stderr}`, where).not.toContain(old.apikey);
        expect(r.timedOut, where).toBe(false);
        if (!r.killed) expect([0, 3, 5], `${where}: ${r.stderr}`).toContain(r.code);
      }
      await new Promise((r) => setTimeout(r, 30));
      const left = await keysNamed(w, sid, name);
      const state = classify(left, old.id);
      states[state] = (states[state] ?? 0) + 1;

      const again = await spawnOn(w, argv);
      expect(again.code, `${where}, state ${state}: ${again.stderr}\n${runs.map((r) => `exit ${r.code}: ${r.stderr}`).join('\n')}\n${JSON.stringify(left.map((k) => [k.id, k.description, k.disabled, k.expires_at]), null, 1)}`).toBe(0);
      const inUse = expectFinished(await keysNamed(w, sid, name));
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { apikey: string };
      expect((await w.token(saved.apikey)).status, `${where}: the file's key works`).toBe(200);
      expect(inUse.name).toBe(name);
      expect(tempsIn(w.home), where).toEqual([]);
    }
    figure(`rotation chaos (${transport})`, { kills: KILLS, raced, states, kill_window_ms: [from, to], ms: Date.now() - started });
  });
});
