// Issue 5, part 1: many iamkeys processes on one local store at once. The store is SQLite in WAL mode with
// BEGIN IMMEDIATE writes and a busy timeout; these tests hold it to "parallel runs lose nothing": every result a
// process reports is true in the store afterwards, and no process ever surfaces SQLITE_BUSY.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiKey, ServiceId } from '../../src/wire/types.js';
import { BUSY_RE, STACK_RE, figure, integrity, jsonOf, keyRows, openStoreFile, requireBuild, spawnCli, tempDir, type Spawned } from './helpers.js';

const PROCS = 16;

beforeAll(requireBuild);

describe('parallel processes on one local store', { timeout: 240_000 }, () => {
  it(`${PROCS} racing first runs on an empty home set up one account, and every run succeeds`, async () => {
    const home = join(tempDir(), 'home'); // does not exist yet: the first runs also race to make the folder
    const started = Date.now();
    const runs = await Promise.all(Array.from({ length: PROCS }, (_, i) =>
      spawnCli(['service-id-create', `first-${i}`, '--output', 'json'], { home, timeoutMs: 60_000 })));
    figure('first-use race', { processes: PROCS, ms: Date.now() - started });
    for (const r of runs) {
      expect(r.stderr).not.toMatch(BUSY_RE);
      expect(r.stderr).not.toMatch(STACK_RE);
      expect(r.code, r.stderr).toBe(0);
    }
    const made = runs.map((r) => jsonOf<ServiceId>(r.stdout)!);
    expect(new Set(made.map((s) => s.id)).size).toBe(PROCS);
    expect(new Set(made.map((s) => s.account_id)).size).toBe(1);
    const store = join(home, 'store.db');
    expect(integrity(store)).toBe('ok');
    const db = openStoreFile(store, true);
    try {
      expect(db.prepare('SELECT count(*) AS n FROM accounts').get()).toEqual({ n: 1 });
      expect(db.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 1 });
      expect(db.prepare("SELECT count(*) AS n FROM meta WHERE key = 'token_signing_secret'").get()).toEqual({ n: 1 });
      const rows = db.prepare('SELECT id, name, account_id FROM service_ids ORDER BY name').all() as { id: string; name: string; account_id: string }[];
      expect(rows.map((r) => r.id).sort()).toEqual(made.map((s) => s.id).sort());
      expect(new Set(rows.map((r) => r.account_id))).toEqual(new Set([made[0]!.account_id]));
    } finally {
      db.close();
    }
    // The settings file written by the racing first runs is whole.
    const next = await spawnCli(['target', '--output', 'json'], { home, timeoutMs: 30_000 });
    expect(next.code, next.stderr).toBe(0);
  });

  // Turning a new store to WAL is a write that starts as a read, and SQLite does not wait (no busy handler) when
  // such a write meets another writer: in the first-use race, the second process to turn the still-empty file
  // to WAL failed at once as "database is locked".
  it('a first run waits for another connection that holds the new store, instead of failing as locked', async () => {
    const home = tempDir();
    const path = join(home, 'store.db');
    writeFileSync(path, '', { mode: 0o600 });
    const writer = new Database(path, { timeout: 30_000 });
    try {
      writer.exec('BEGIN IMMEDIATE'); // the write lock of a rollback-journal file, as a racing first run takes it
      const run = spawnCli(['service-id-create', 'waited', '--output', 'json'], { home, timeoutMs: 60_000 });
      await new Promise((r) => setTimeout(r, 800));
      writer.exec('COMMIT');
      const r = await run;
      expect(r.stderr).not.toMatch(BUSY_RE);
      expect(r.code, r.stderr).toBe(0);
      expect(jsonOf<ServiceId>(r.stdout)?.name).toBe('waited');
    } finally {
      writer.close();
    }
    expect(integrity(path)).toBe('ok');
  });

  it(`${PROCS} processes create, update, lock, unlock and delete keys of shared service IDs; every reported result holds`, async () => {
    const home = tempDir();
    // The home and store are made first, by one command, so this test is about parallel work, not set-up.
    const sidA = jsonOf<ServiceId>((await spawnCli(['service-id-create', 'shared-a', '-o', 'json'], { home })).stdout)!;
    const sidB = jsonOf<ServiceId>((await spawnCli(['service-id-create', 'shared-b', '-o', 'json'], { home })).stdout)!;
    expect(sidA?.id).toMatch(/^ServiceId-/);
    expect(sidB?.id).toMatch(/^ServiceId-/);

    const all: { worker: number; step: string; r: Spawned }[] = [];
    const cli = async (worker: number, step: string, args: string[]): Promise<Spawned> => {
      const r = await spawnCli([...args, '--output', 'json'], { home, timeoutMs: 90_000 });
      all.push({ worker, step, r });
      return r;
    };
    const must = (r: Spawned, what: string): void => {
      if (r.code !== 0) throw new Error(`${what} exited ${r.code}: ${r.stderr}`);
    };

    interface Outcome { a: ApiKey; b: ApiKey; c: ApiKey; renamed: ApiKey; described: ApiKey; listed: number }
    const worker = async (w: number): Promise<Outcome> => {
      // created by service ID name and by UUID
      const ra = await cli(w, 'create-a', ['service-api-key-create', `k${w}-a`, 'shared-a', '-d', `a of ${w}`]);
      must(ra, 'create a');
      const rb = await cli(w, 'create-b', ['service-api-key-create', `k${w}-b`, sidB.id]);
      must(rb, 'create b');
      const rc = await cli(w, 'create-c', ['service-api-key-create', `k${w}-c`, sidA.id]);
      must(rc, 'create c');
      const a = jsonOf<ApiKey>(ra.stdout)!;
      const b = jsonOf<ApiKey>(rb.stdout)!;
      const c = jsonOf<ApiKey>(rc.stdout)!;
      // update by key name and service ID name
      const ru = await cli(w, 'update-a', ['service-api-key-update', `k${w}-a`, 'shared-a', '-n', `k${w}-a-renamed`, '-f']);
      must(ru, 'update a');
      // lock by UUIDs; a locked key refuses an update (exit 5) whatever else runs
      must(await cli(w, 'lock-b', ['service-api-key-lock', b.id, sidB.id, '-f']), 'lock b');
      const refused = await cli(w, 'update-locked-b', ['service-api-key-update', b.id, 'shared-b', '-d', 'never', '-f']);
      expect(refused.code, refused.stderr).toBe(5);
      expect(refused.stderr).toMatch(/locked/);
      // unlock by key name, then an update by UUID lands
      must(await cli(w, 'unlock-b', ['service-api-key-unlock', `k${w}-b`, 'shared-b', '-f']), 'unlock b');
      const rd = await cli(w, 'update-b', ['service-api-key-update', b.id, sidB.id, '-d', `described by ${w}`, '-f']);
      must(rd, 'update b');
      // delete by key name within the service ID given by UUID
      const rx = await cli(w, 'delete-c', ['service-api-key-delete', `k${w}-c`, sidA.id, '-f']);
      must(rx, 'delete c');
      expect(jsonOf(rx.stdout)).toEqual({ id: c.id, result: 'deleted' });
      const rl = await cli(w, 'list-a', ['service-api-keys', 'shared-a']);
      must(rl, 'list a');
      const listed = jsonOf<ApiKey[]>(rl.stdout)!;
      expect(Array.isArray(listed)).toBe(true);
      return { a, b, c, renamed: jsonOf<ApiKey>(ru.stdout)!, described: jsonOf<ApiKey>(rd.stdout)!, listed: listed.length };
    };

    const started = Date.now();
    const outcomes = await Promise.all(Array.from({ length: PROCS }, (_, w) => worker(w)));
    const ms = Date.now() - started;
    figure('parallel ops', { processes_at_once: PROCS, commands: all.length, ms, commands_per_s: Math.round(all.length / (ms / 1000)) });

    for (const { worker: w, step, r } of all) {
      expect(r.stderr, `worker ${w} ${step}`).not.toMatch(BUSY_RE);
      expect(r.stderr, `worker ${w} ${step}`).not.toMatch(STACK_RE);
      expect(r.timedOut, `worker ${w} ${step}`).toBe(false);
    }

    const store = join(home, 'store.db');
    expect(integrity(store)).toBe('ok');
    const rows = keyRows(store);
    const byId = new Map(rows.map((k) => [k.id, k]));
    expect(byId.size).toBe(rows.length); // no duplicate ids

    const reported = outcomes.flatMap((o) => [o.a.id, o.b.id, o.c.id]);
    expect(new Set(reported).size).toBe(reported.length);
    outcomes.forEach((o, w) => {
      expect(o.renamed.id).toBe(o.a.id);
      expect(o.renamed.name).toBe(`k${w}-a-renamed`);
      expect(o.described.id).toBe(o.b.id);
      const a = byId.get(o.a.id);
      expect(a, `key a of ${w}`).toMatchObject({ name: `k${w}-a-renamed`, iam_id: sidA.iam_id, description: `a of ${w}`, locked: 0 });
      const b = byId.get(o.b.id);
      expect(b, `key b of ${w}`).toMatchObject({ name: `k${w}-b`, iam_id: sidB.iam_id, description: `described by ${w}`, locked: 0 });
      expect(byId.has(o.c.id), `key c of ${w} was reported deleted`).toBe(false);
      // versions: a created (1) + renamed (2); b created, locked, unlocked, described (4)
      expect(a!.version).toBe(2);
      expect(b!.version).toBe(4);
      // the listing that worker saw is a consistent snapshot: its own key a is there, and never more keys
      // than were ever created in shared-a
      expect(o.listed).toBeGreaterThanOrEqual(1);
      expect(o.listed).toBeLessThanOrEqual(2 * PROCS);
    });
    // counts: two keys of each worker survive, nothing else
    expect(rows.filter((k) => k.iam_id === sidA.iam_id)).toHaveLength(PROCS);
    expect(rows.filter((k) => k.iam_id === sidB.iam_id)).toHaveLength(PROCS);
    expect(rows.filter((k) => k.iam_id.startsWith('iam-ServiceId-'))).toHaveLength(2 * PROCS);
  });
});
