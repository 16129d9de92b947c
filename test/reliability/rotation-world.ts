// Shared pieces of the rotation reliability suites: real iamkeys processes rotating keys of one IAM (the local
// store of a home, or a served IAM over HTTP), and the state a rotation left, classified into the states the
// README lists under "What a killed rotation leaves" (each finished by running the same command again).
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { expect } from 'vitest';
import { isRetired } from '../../src/cli/keys/key-state.js';
import { markOf } from '../../src/cli/keys/rotation-mark.js';
import { isRotationCandidate } from '../../src/cli/keys/rotation-target.js';
import type { ApiKey } from '../../src/wire/types.js';
import { parseJson } from '../helpers/cli.js';
import { remoteEnv } from '../remote/iam-server.js';
import type { World } from '../cli/lifecycle-world.js';
import { BIN, cliEnv, spawnCli, type SpawnOptions, type Spawned } from './helpers.js';

/** The README's states, in the order a rotation passes them. */
export type RotationState =
  /** Nothing was changed (killed before the successor was made). */
  | 'untouched'
  /** Successors were made but none won: the old key is unmarked. */
  | 'successor-made'
  /** One run won (old key `rotating to S`); its secret may not be out. */
  | 'won'
  /** The old key is `rotated to S` but not yet disabled or deleted. */
  | 'retiring-unfinished'
  /** Finished: one key in use, the old one retired or retiring. */
  | 'done';

/** Spawns iamkeys against the world's IAM (the home's local store, or the served IAM). */
export function spawnOn(w: World, args: string[], o: Omit<SpawnOptions, 'home'> = {}): Promise<Spawned> {
  return spawnCli(args, { home: w.home, timeoutMs: 60_000, ...o, env: { ...(w.iam ? remoteEnv(w.iam) : {}), ...o.env } });
}

export async function keysNamed(w: World, sid: string, name: string): Promise<ApiKey[]> {
  return parseJson<ApiKey[]>((await w.ok(['service-api-keys', sid, '-o', 'json'])).stdout).filter((k) => k.name === name);
}

/** The state of the rotation of `oldId` among the keys of its name; throws on a state no rotation may leave. */
export function classify(keys: ApiKey[], oldId: string): RotationState {
  const old = keys.find((k) => k.id === oldId);
  const others = keys.filter((k) => k.id !== oldId);
  const successorsOfOld = others.filter((k) => { const m = markOf(k); return m?.kind === 'successor' && m.of === oldId; });
  const m = old ? markOf(old) : undefined;
  if (old && m === undefined) {
    if (old.disabled) throw new Error(`the old key was disabled without a rotation's mark: ${JSON.stringify(keys)}`);
    return successorsOfOld.length === 0 && others.length === 0 ? 'untouched' : 'successor-made';
  }
  // The successor it names may be gone (a run that took over deleted it, then was killed): the same state.
  if (old && m?.kind === 'rotating') return 'won';
  if (old && m?.kind === 'rotated') {
    if ((m.retire === 'disable' && !old.disabled) || m.retire === 'delete') return 'retiring-unfinished';
    return 'done';
  }
  if (!old) return 'done';
  throw new Error(`unexpected state: ${JSON.stringify(keys)}`);
}

/**
 * What must hold once a rotation is finished: exactly one key of the name in use (a candidate, by the rule a
 * rotation by name uses), every other key retired or being retired by a rotation, and no successor left unfinished.
 */
export function expectFinished(keys: ApiKey[], now = Date.now()): ApiKey {
  const inUse = keys.filter((k) => isRotationCandidate(k, keys, now));
  expect(inUse, JSON.stringify(keys, null, 1)).toHaveLength(1);
  for (const k of keys) {
    if (k === inUse[0] || isRetired(k, now)) continue;
    expect(markOf(k)?.kind, `a second working key: ${JSON.stringify(k)}`).toBe('rotated');
  }
  expect(keys.filter((k) => markOf(k)?.kind === 'successor'), 'an unfinished successor is left').toEqual([]);
  return inUse[0]!;
}

/** Leftover temp files of an atomic write in a folder. */
export const tempsIn = (dir: string): string[] => readdirSync(dir).filter((n) => /\.[0-9a-f]{12}\.tmp$/.test(n));

/** A spawned iamkeys that the test can SIGKILL at a moment of its choosing (e.g. from serve's request hook). */
export interface Killable {
  kill(): void;
  done: Promise<Spawned>;
}

export function spawnKillable(w: World, args: string[], env: Record<string, string> = {}): Killable {
  let child: ChildProcess | undefined;
  let killed = false;
  const started = Date.now();
  const done = new Promise<Spawned>((resolve, reject) => {
    child = spawn(process.execPath, [BIN, ...args], { env: cliEnv(w.home, { ...(w.iam ? remoteEnv(w.iam) : {}), ...env }), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
    child.stderr!.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    const bound = setTimeout(() => child!.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(bound);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started, timedOut: false, killed });
    });
  });
  return {
    kill() {
      killed = true;
      child?.kill('SIGKILL');
    },
    done,
  };
}
