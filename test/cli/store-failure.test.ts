// The local IAM's store failing under a command (a full disk, a read-only file system) is told as what it is:
// exit 1, the store named, the cause, and that nothing was changed; not as an IAM answer of HTTP 500 that "may
// or may not" have been applied (exit 7). Real faults: IAMKEYS_HOME on a small tmpfs, filled up, then remounted
// read-only. Over `iamkeys serve` (the real binary, --store on the tmpfs) the client cannot know what a server
// did, so there the served IAM answers 500 saying the store failed and nothing was changed, and tells its
// operator which file and why.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, rmdirSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STACK_FRAME, allKeys, createServiceId, ok, progressOnly } from '../helpers/cli.js';
import { runCli } from '../helpers/run-cli.js';
import { startServe, type Served } from '../reliability/helpers.js';
import { remoteEnv } from '../remote/iam-server.js';

const mounts: string[] = [];

/** A fresh tmpfs of `kib` KiB (the tests run as root, as the project's machines do). */
function tmpfs(kib: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'iamkeys-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${kib}k,mode=0700`, 'tmpfs', dir]);
  mounts.push(dir);
  return dir;
}

/** Fills the file system of `dir` up, then gives back `leaveKib` KiB; returns the filler's path. */
function fill(dir: string, leaveKib: number): string {
  const filler = join(dir, 'filler');
  const fd = openSync(filler, 'w');
  const chunk = Buffer.alloc(4096, 1);
  try {
    for (let i = 0; i < 10_000; i++) writeSync(fd, chunk);
    throw new Error('the tmpfs never filled up');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
  execFileSync('truncate', ['-s', `-${leaveKib}K`, filler]);
  return filler;
}

afterAll(() => {
  for (const dir of mounts) {
    execFileSync('umount', [dir]);
    rmdirSync(dir);
  }
});

const DESCRIPTION = 'x'.repeat(1000);

describe('a full disk under the embedded IAM', () => {
  it('the create that meets it: exit 1, the store and the cause named, nothing changed; the store stays whole', async () => {
    const home = tmpfs(400);
    await createServiceId(home, 'sid');
    const filler = fill(home, 120);
    let made = 0;
    let failed;
    for (let i = 0; i < 200 && !failed; i++) {
      const r = await runCli(['service-api-key-create', `k${i}`, 'sid', '-d', DESCRIPTION], { home });
      if (r.code === 0) made++;
      else failed = r;
    }
    expect(failed, 'some create must meet the full disk').toBeDefined();
    expect(failed!.code, failed!.stderr).toBe(1);
    expect(failed!.stderr).toContain(join(home, 'store.db'));
    expect(failed!.stderr).toMatch(/disk is full/);
    expect(failed!.stderr).toMatch(/Nothing was changed\. Free some space/);
    expect(failed!.stderr).not.toMatch(/HTTP 500|may or may not/);
    expect(failed!.stderr).not.toMatch(STACK_FRAME);
    progressOnly(failed!.stdout); // the progress line at most: no OK, no key
    expect(failed!.stdout).not.toMatch(/API Key/);

    rmSync(filler);
    const keys = await allKeys(home);
    expect(keys.map((k) => k.name).sort()).toEqual(Array.from({ length: made }, (_, i) => `k${i}`).sort());
    await ok(['service-api-key-create', 'after', 'sid'], home); // the store works again once there is room
  });

  it('a store on a read-only file system: exit 1, named, read-only, nothing changed', async () => {
    const home = tmpfs(400);
    await createServiceId(home, 'sid');
    execFileSync('mount', ['-o', 'remount,ro', home]);
    try {
      const r = await runCli(['service-id-create', 'other'], { home });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain(join(home, 'store.db'));
      expect(r.stderr).toMatch(/read-only/);
      expect(r.stderr).toMatch(/Nothing was changed\./);
      expect(r.stderr).not.toMatch(/Unexpected error|HTTP 500/);
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', home]);
    }
    expect((await runCli(['service-id', 'other'], { home })).code).toBe(3);
  });
});

describe('a full disk under iamkeys serve', () => {
  let served: Served;
  let dir: string;
  beforeAll(async () => {
    dir = tmpfs(400);
    served = await startServe(['--store', join(dir, 'store.db')], mkdtempSync(join(tmpdir(), 'iamkeys-test-')));
  });
  afterAll(async () => {
    expect(await served?.stop(), 'serve stops cleanly after the failures').toBe(0);
  });

  it('answers 500 saying the store failed and nothing was changed, keeps serving, and tells its operator the file', async () => {
    const home = mkdtempSync(join(tmpdir(), 'iamkeys-test-'));
    const env = remoteEnv(served);
    await ok(['service-id-create', 'sid'], home, { env });
    const filler = fill(dir, 48);
    let failed;
    for (let i = 0; i < 200 && !failed; i++) {
      const r = await runCli(['service-api-key-create', `k${i}`, 'sid', '-d', DESCRIPTION], { home, env });
      if (r.code !== 0) failed = r;
    }
    expect(failed, 'some create must meet the full disk').toBeDefined();
    // The client cannot know what a server did with a create answered 500, so it keeps its warning (exit 7);
    // the served IAM's own words say what happened.
    expect(failed!.code, failed!.stderr).toBe(7);
    expect(failed!.stderr).toMatch(/store failed; nothing was changed/);
    expect(served.stderr()).toContain(join(dir, 'store.db'));
    expect(served.stderr()).toMatch(/disk is full.*Nothing was changed\. Free some space/);
    expect(served.stderr()).not.toMatch(STACK_FRAME);
    expect(served.child.exitCode).toBeNull();
    rmSync(filler);
    await ok(['service-api-key-create', 'after', 'sid'], home, { env }); // serving again once there is room
  });
});
