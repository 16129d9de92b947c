// Conflicts (exit 5): locked entities, and stale versions given with -v.
import { beforeEach, describe, expect, it } from 'vitest';
import { ScriptedPrompter, runCli, tempHome } from '../helpers/run-cli.js';
import {
  createKey, createServiceId, expectFailed, getKey, getServiceId, listKeys, ok, snapshot, type ApiKey, type ServiceId,
} from '../helpers/cli.js';

describe('a locked API key', () => {
  let home: string;
  let sid: ServiceId;
  let key: ApiKey;
  beforeEach(async () => {
    home = tempHome();
    sid = await createServiceId(home, 'app');
    key = await createKey(home, 'k', 'app', ['--lock']);
  });

  const refused: [string, string[]][] = [
    ['update', ['service-api-key-update', 'k', 'app', '-n', 'other', '-f']],
    ['update with -v', ['service-api-key-update', 'k', 'app', '-d', 'x', '-v', '__ETAG__', '-f']],
    ['delete', ['service-api-key-delete', 'k', 'app', '-f']],
    ['disable', ['service-api-key-disable', 'k', 'app', '-f']],
  ];

  it.each(refused)('%s: exit 5, says it is locked and how to unlock it, changes nothing', async (_, argv) => {
    const before = await snapshot(home);
    for (const output of [[], ['--output', 'json']]) {
      const r = await runCli([...argv.map((a) => (a === '__ETAG__' ? key.entity_tag : a)), ...output], { home });
      const text = expectFailed(r, 5, "API key 'k' of service ID 'app' is locked, so it cannot be changed or deleted.");
      expect(text).toContain(`Unlock it first with 'iamkeys service-api-key-unlock ${key.id} app'.`);
      // Told from the key as read, before any question: the change is never sent.
      expect(text).not.toContain('BXNIM0510E');
    }
    expect(await snapshot(home)).toEqual(before);
  });

  it('by UUIDs, the unlock command named is the one to run', async () => {
    const r = await runCli(['service-api-key-delete', key.id, sid.id, '-f'], { home });
    const text = expectFailed(r, 5, 'is locked');
    const unlock = /Unlock it first with 'iamkeys (service-api-key-unlock \S+ \S+)'/.exec(text)![1]!;
    await ok(unlock.split(' '), home, { stdin: 'y\n' });
    await ok(['service-api-key-delete', key.id, sid.id, '-f'], home);
    expect(await listKeys(home, 'app')).toEqual([]);
  });

  it('enable of a locked, disabled key is refused too (exit 5)', async () => {
    await ok(['service-api-key-unlock', 'k', 'app', '-f'], home);
    await ok(['service-api-key-disable', 'k', 'app', '-f'], home);
    await ok(['service-api-key-lock', 'k', 'app', '-f'], home);
    const r = await runCli(['service-api-key-enable', 'k', 'app', '-f'], { home });
    expectFailed(r, 5, 'is locked');
    expect(await getKey(home, key.id, sid.id)).toMatchObject({ locked: true, disabled: true });
  });

  it('the lock is checked before the question is answered: a confirmed delete still fails', async () => {
    const prompter = new ScriptedPrompter([true]);
    const r = await runCli(['service-api-key-delete', 'k', 'app'], { home, prompter });
    expectFailed(r, 5, 'is locked');
    expect(await listKeys(home, 'app')).toHaveLength(1);
  });

  it('lock and unlock themselves work on a locked key, and unlocked it can be deleted', async () => {
    await ok(['service-api-key-lock', 'k', 'app', '-f'], home);
    await ok(['service-api-key-unlock', 'k', 'app', '-f'], home);
    await ok(['service-api-key-delete', 'k', 'app', '-f'], home);
    expect(await listKeys(home, 'app')).toEqual([]);
  });
});

describe('a locked service ID', () => {
  let home: string;
  let sid: ServiceId;
  beforeEach(async () => {
    home = tempHome();
    sid = await createServiceId(home, 'app', ['--lock']);
  });

  it.each([
    ['update', ['service-id-update', 'app', '-n', 'other', '-f']],
    ['delete', ['service-id-delete', 'app', '-f']],
  ])('%s: exit 5, says it is locked and names service-id-unlock, changes nothing', async (_, argv) => {
    const before = await snapshot(home);
    for (const output of [[], ['-o', 'json']]) {
      const r = await runCli([...argv, ...output], { home });
      const text = expectFailed(r, 5, "Service ID 'app' is locked, so it cannot be changed or deleted.");
      expect(text).toContain(`Unlock it first with 'iamkeys service-id-unlock ${sid.id}'.`);
    }
    expect(await snapshot(home)).toEqual(before);
  });

  it('unlocked, it can be deleted', async () => {
    await ok(['service-id-unlock', sid.id, '-f'], home);
    await ok(['service-id-delete', 'app', '-f'], home);
    expect((await snapshot(home)).serviceIds).toEqual([]);
  });
});

describe('a service ID with a locked API key', () => {
  it('cannot be deleted: exit 5, the service ID and all its keys stay', async () => {
    const home = tempHome();
    await createServiceId(home, 'app');
    await createKey(home, 'free', 'app');
    await createKey(home, 'held', 'app', ['--lock']);
    const before = await snapshot(home);
    const r = await runCli(['service-id-delete', 'app', '-f'], { home });
    expectFailed(r, 5, "Service ID 'app' has a locked API key, so it cannot be deleted. Unlock its keys first.");
    expect(await snapshot(home)).toEqual(before);
    await ok(['service-api-key-unlock', 'held', 'app', '-f'], home);
    await ok(['service-id-delete', 'app', '-f'], home);
    expect(await snapshot(home)).toEqual({ serviceIds: [], keys: [] });
  });
});

describe('stale versions (-v, sent as If-Match)', () => {
  let home: string;
  let sid: ServiceId;
  beforeEach(async () => {
    home = tempHome();
    sid = await createServiceId(home, 'app');
  });

  it('service-api-key-update with an old entity tag: exit 5, "stale", unchanged; the current one works', async () => {
    const key = await createKey(home, 'k', 'app');
    const old = key.entity_tag;
    await ok(['service-api-key-update', 'k', 'app', '-d', 'changed by someone else', '-f'], home);
    const current = (await getKey(home, key.id, sid.id)).entity_tag;
    expect(current).not.toBe(old);
    for (const [keyArg, sidArg] of [['k', 'app'], [key.id, sid.id], [key.id, 'app']]) {
      const r = await runCli(['service-api-key-update', keyArg!, sidArg!, '-v', old, '-n', 'x', '-f'], { home });
      const text = expectFailed(r, 5, 'stale');
      expect(text).toContain(`See its current version with 'iamkeys service-api-key ${key.id} ${sidArg}'`);
      expect((await getKey(home, key.id, sid.id)).entity_tag).toBe(current);
    }
    const r = await runCli(['service-api-key-update', 'k', 'app', '-v', current, '-n', 'x', '-f', '-o', 'json'], { home });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ name: 'x', description: 'changed by someone else' });
    // A lock changes the version too.
    await ok(['service-api-key-lock', 'x', 'app', '-f'], home);
    await ok(['service-api-key-unlock', 'x', 'app', '-f'], home);
    expectFailed(await runCli(['service-api-key-update', key.id, 'app', '--version', (JSON.parse(r.stdout) as ApiKey).entity_tag, '-n', 'y', '-f'], { home }), 5, 'stale');
  });

  it('service-id-update with an old entity tag: exit 5, "stale", unchanged; the current one works', async () => {
    const old = sid.entity_tag;
    await ok(['service-id-update', 'app', '-d', 'changed by someone else', '-f'], home);
    const current = (await getServiceId(home, sid.id)).entity_tag;
    for (const arg of ['app', sid.id]) {
      const r = await runCli(['service-id-update', arg, '-v', old, '-n', 'x', '-f'], { home });
      const text = expectFailed(r, 5, 'stale');
      expect(text).toContain(`See its current version with 'iamkeys service-id ${sid.id}'`);
      expect(await getServiceId(home, sid.id)).toMatchObject({ name: 'app', entity_tag: current });
    }
    const r = await runCli(['service-id-update', sid.id, '--version', current, '-n', 'x', '-f', '-o', 'json'], { home });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: sid.id, name: 'x', description: 'changed by someone else' });
  });

  it('a version that is no entity tag at all is stale too (exit 5), and changes nothing', async () => {
    const key = await createKey(home, 'k', 'app');
    const before = await snapshot(home);
    expectFailed(await runCli(['service-api-key-update', key.id, 'app', '-v', 'garbage', '-n', 'x', '-f'], { home }), 5, 'stale');
    expectFailed(await runCli(['service-id-update', sid.id, '-v', 'garbage', '-n', 'x', '-f'], { home }), 5, 'stale');
    expect(await snapshot(home)).toEqual(before);
  });
});
