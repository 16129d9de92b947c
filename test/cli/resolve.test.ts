// NAME|UUID arguments: a name held by several entities fails with exit 6, lists the candidates and changes
// nothing (`service-id NAME` shows them all instead, as ibmcloud); UUIDs still work; an API key is looked up
// within the given service ID only; arguments given the other way round are told so.
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/run-cli.js';
import {
  MISSING_KEY, MISSING_SID, createKey, createServiceId, expectFailed, getKey, listKeys, listServiceIds, ok, snapshot,
  type ApiKey, type ServiceId,
} from '../helpers/cli.js';

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('two service IDs with the same name', () => {
  let home: string;
  let a: ServiceId;
  let b: ServiceId;
  beforeEach(async () => {
    home = tempHome();
    a = await createServiceId(home, 'dup', ['-d', 'first']);
    b = await createServiceId(home, 'dup', ['-d', 'second']);
    await createKey(home, 'k', a.id);
    await createKey(home, 'k', b.id);
  });

  it('service-id NAME shows both, as ibmcloud: an array in JSON (`jq -r \'.[0].id\'`), ids with --uuid', async () => {
    const json = await runCli(['service-id', 'dup', '--output', 'json'], { home });
    expect(json).toMatchObject({ code: 0, stderr: '' });
    expect((JSON.parse(json.stdout) as ServiceId[]).map((s) => s.id)).toEqual([a.id, b.id]);
    expect((await runCli(['service-id', 'dup', '--uuid'], { home })).stdout).toBe(`${a.id}\n${b.id}\n`);
    const text = await runCli(['service-id', 'dup'], { home });
    expect(text.code).toBe(0);
    expect(text.stdout.match(/^ID {12}ServiceId-/gm)).toHaveLength(2);
  });

  const commands: string[][] = [
    ['service-id-update', 'dup', '-n', 'other', '-f'],
    ['service-id-update', 'dup', '-d', 'x', '-v', '1-00000000000000000000000000000000', '-f'],
    ['service-id-delete', 'dup', '-f'],
    ['service-id-lock', 'dup', '-f'],
    ['service-id-unlock', 'dup', '-f'],
    ['service-api-keys', 'dup'],
    ['service-api-key-create', 'new', 'dup'],
    ['service-api-key', 'k', 'dup'],
    ['service-api-key-update', 'k', 'dup', '-n', 'x', '-f'],
    ['service-api-key-delete', 'k', 'dup', '-f'],
    ['service-api-key-lock', 'k', 'dup', '-f'],
    ['service-api-key-unlock', 'k', 'dup', '-f'],
    ['service-api-key-disable', 'k', 'dup', '-f'],
    ['service-api-key-enable', 'k', 'dup', '-f'],
  ];

  it.each(commands.map((argv) => [argv.join(' '), argv]))('%s: exit 6, both ids listed, nothing changed', async (_, argv) => {
    const before = await snapshot(home);
    for (const output of [[], ['-o', 'json']]) {
      const r = await runCli([...argv!, ...output], { home });
      const text = expectFailed(r, 6, "More than one service ID is named 'dup'. Nothing was changed. Pass the ID of the one you mean:");
      expect(text).toMatch(/^ID {3,}Name {3,}Created At$/m);
      expect(text).toMatch(new RegExp(`^${a.id} {3}dup {3,}${esc(a.created_at)}$`, 'm'));
      expect(text).toMatch(new RegExp(`^${b.id} {3}dup {3,}${esc(b.created_at)}$`, 'm'));
    }
    expect(await snapshot(home)).toEqual(before);
  });

  it('each still works by UUID', async () => {
    expect((await runCli(['service-id', a.id, '--uuid'], { home })).stdout).toBe(`${a.id}\n`);
    await ok(['service-id-update', b.id, '-n', 'renamed', '-f'], home);
    await ok(['service-api-key-create', 'k2', a.id], home);
    expect((await listKeys(home, a.id)).map((k) => k.name)).toEqual(['k', 'k2']);
    await ok(['service-id-delete', a.id, '-f'], home);
    expect((await listServiceIds(home)).map((s) => [s.id, s.name])).toEqual([[b.id, 'renamed']]);
    // With one left, the name is no longer ambiguous.
    await createServiceId(home, 'dup');
    await ok(['service-id', 'dup'], home);
  });
});

describe('two API keys with the same name in one service ID', () => {
  let home: string;
  let sid: ServiceId;
  let k1: ApiKey;
  let k2: ApiKey;
  beforeEach(async () => {
    home = tempHome();
    sid = await createServiceId(home, 'app');
    k1 = await createKey(home, 'k', 'app', ['-d', 'one']);
    k2 = await createKey(home, 'k', 'app', ['-d', 'two']);
  });

  const commands: string[][] = [
    ['service-api-key', 'k', 'app'],
    ['service-api-key', 'k', 'app', '--uuid'],
    ['service-api-key-update', 'k', 'app', '-n', 'x', '-f'],
    ['service-api-key-delete', 'k', 'app', '-f'],
    ['service-api-key-lock', 'k', 'app', '-f'],
    ['service-api-key-unlock', 'k', 'app', '-f'],
    ['service-api-key-disable', 'k', 'app', '-f'],
    ['service-api-key-enable', 'k', 'app', '-f'],
  ];

  it.each(commands.map((argv) => [argv.join(' '), argv]))('%s: exit 6, both ids listed, nothing changed', async (_, argv) => {
    const before = await snapshot(home);
    for (const args of [argv!, [...argv!.slice(0, 2), sid.id, ...argv!.slice(3)]]) {
      const r = await runCli(args, { home });
      const text = expectFailed(r, 6, "More than one API key is named 'k'. Nothing was changed.");
      expect(text).toContain(k1.id);
      expect(text).toContain(k2.id);
    }
    expect(await snapshot(home)).toEqual(before);
  });

  it('each still works by UUID', async () => {
    await ok(['service-api-key-lock', k1.id, 'app', '-f'], home);
    await ok(['service-api-key-update', k2.id, sid.id, '-d', 'changed', '-f'], home);
    expect((await getKey(home, k1.id, sid.id)).locked).toBe(true);
    expect((await getKey(home, k2.id, 'app')).description).toBe('changed');
    await ok(['service-api-key-delete', k2.id, 'app', '-f'], home);
    expect((await listKeys(home, 'app')).map((k) => k.id)).toEqual([k1.id]);
    await ok(['service-api-key', 'k', 'app'], home);
  });

  it('the same name in another service ID is no ambiguity', async () => {
    await createServiceId(home, 'other');
    const k3 = await createKey(home, 'k', 'other');
    await ok(['service-api-key-delete', 'k', 'other', '-f'], home);
    expect(await listKeys(home, 'other')).toEqual([]);
    expect((await listKeys(home, 'app')).map((k) => k.id)).toEqual([k1.id, k2.id]);
    expect(k3.id).not.toBe(k1.id);
  });
});

describe('an API key is looked up within the given service ID only', () => {
  let home: string;
  let key: ApiKey;
  let other: ServiceId;
  beforeEach(async () => {
    home = tempHome();
    await createServiceId(home, 'app');
    other = await createServiceId(home, 'other');
    key = await createKey(home, 'k', 'app');
  });

  const commands = (keyId: string, sidArg: string, etag: string): string[][] => [
    ['service-api-key', keyId, sidArg],
    ['service-api-key-update', keyId, sidArg, '-n', 'x', '-f'],
    ['service-api-key-update', keyId, sidArg, '-n', 'x', '-v', etag, '-f'],
    ['service-api-key-delete', keyId, sidArg, '-f'],
    ['service-api-key-lock', keyId, sidArg, '-f'],
    ['service-api-key-unlock', keyId, sidArg, '-f'],
    ['service-api-key-disable', keyId, sidArg, '-f'],
    ['service-api-key-enable', keyId, sidArg, '-f'],
  ];

  it("a key's UUID given with another service ID (by name or UUID) is not found: exit 3, nothing changed", async () => {
    const before = await snapshot(home);
    for (const sidArg of ['other', other.id]) {
      for (const argv of commands(key.id, sidArg, key.entity_tag)) {
        const r = await runCli(argv, { home });
        expectFailed(r, 3, `API key '${key.id}' was not found in service ID '${sidArg}'.`);
      }
    }
    expect(await snapshot(home)).toEqual(before);
  });

  it("a key's name given with another service ID is not found: exit 3", async () => {
    const r = await runCli(['service-api-key-delete', 'k', 'other', '-f'], { home });
    expectFailed(r, 3, "API key 'k' was not found in service ID 'other'.");
    expect(await listKeys(home, 'app')).toHaveLength(1);
  });

  it('a service ID that does not exist, by name or UUID, is not found: exit 3', async () => {
    const before = await snapshot(home);
    for (const sidArg of ['no-such', MISSING_SID]) {
      for (const argv of [...commands(key.id, sidArg, key.entity_tag), ...commands('k', sidArg, key.entity_tag)]) {
        const r = await runCli(argv, { home });
        expect(expectFailed(r, 3, 'was not found')).toContain(`'${sidArg}'`);
      }
    }
    expect(await snapshot(home)).toEqual(before);
  });

  it('SERVICE_ID APIKEY the other way round: by UUIDs exit 2 at once, by names exit 3; both say APIKEY SERVICE_ID and the right order', async () => {
    const sid = (await snapshot(home)).serviceIds.find((s) => s.name === 'app')!;
    const before = await snapshot(home);
    for (const verb of ['service-api-key', 'service-api-key-delete', 'service-api-key-update']) {
      const extra = verb === 'service-api-key' ? [] : verb.endsWith('update') ? ['-n', 'x', '-f'] : ['-f'];
      const byIds = await runCli([verb, sid.id, key.id, ...extra], { home });
      expectFailed(byIds, 2, `The arguments are APIKEY SERVICE_ID: the API key comes first. '${sid.id}' is a service ID, so try '${key.id} ${sid.id}'.`);
      const byNames = await runCli([verb, 'app', 'k', ...extra], { home });
      expectFailed(byNames, 3, "The arguments are APIKEY SERVICE_ID: the API key comes first. 'app' is a service ID, so try 'k app'.");
    }
    expect(await snapshot(home)).toEqual(before);
    // The order it offers works.
    expect((await runCli(['service-api-key', 'k', 'app', '--uuid'], { home })).stdout).toBe(`${key.id}\n`);
  });

  it('a key UUID that does not exist is not found: exit 3', async () => {
    for (const argv of commands(MISSING_KEY, 'app', key.entity_tag)) {
      const r = await runCli(argv, { home });
      expectFailed(r, 3, `API key '${MISSING_KEY}' was not found in service ID 'app'.`);
    }
    expect(await listKeys(home, 'app')).toEqual([key].map((k) => ({ ...k, apikey: '' })));
  });
});

describe('more than one page (IAM lists 100 a page)', () => {
  it('lists, names and ambiguity follow every page', async () => {
    const home = tempHome();
    const first = await createServiceId(home, 'twin');
    for (let i = 0; i < 205; i++) await ok(['service-id-create', `s${i}`, '-q', '-o', 'json'], home);
    const last = await createServiceId(home, 'twin');
    const late = await createServiceId(home, 'late');
    const ids = (await listServiceIds(home)).map((s) => s.id);
    expect(ids).toHaveLength(208);
    expect(new Set(ids).size).toBe(208);
    expect((await runCli(['service-ids', '--uuid'], { home })).stdout.trim().split('\n')).toEqual(ids);
    expect((await runCli(['service-id', 'late', '--uuid'], { home })).stdout).toBe(`${late.id}\n`);
    const twin = await runCli(['service-id-delete', 'twin', '-f'], { home });
    const text = expectFailed(twin, 6, "More than one service ID is named 'twin'.");
    expect(text).toContain(first.id);
    expect(text).toContain(last.id);

    for (let i = 0; i < 120; i++) await ok(['service-api-key-create', `k${i}`, 'late', '-q', '-o', 'json'], home);
    const keys = await listKeys(home, 'late');
    expect(keys.map((k) => k.name)).toEqual(Array.from({ length: 120 }, (_, i) => `k${i}`));
    expect((await runCli(['service-api-key', 'k119', 'late', '--uuid'], { home })).stdout).toBe(`${keys[119]!.id}\n`);
    await ok(['service-api-key-create', 'k0', 'late', '-q'], home);
    expectFailed(await runCli(['service-api-key-lock', 'k0', 'late', '-f'], { home }), 6, "More than one API key is named 'k0'.");
  });
});
