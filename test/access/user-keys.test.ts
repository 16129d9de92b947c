// User API keys (api-key-*) on both transports: everyone manages their own; another user's keys, by UUID, as
// the owner (allowed), an administrator (allowed for a user without a role, refused for the owner's) and a plain
// user (refused, nothing changed); `api-keys -a` for administrators; user keys and service ID keys never mix.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiKey } from '../../src/wire/types.js';
import { parseJson } from '../helpers/cli.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { dump, expectRefused, inProcess, makeWorld, overHttp, type Transport, type Who, type World } from './world.js';

describe.each(['in-process', 'http'] as const)('user API keys over %s', (transportName) => {
  let world: World;
  let transport: Transport;
  const as = (who: Who, argv: string[]): Promise<CliResult> => runCli(argv, { home: world.home, env: transport.env(world.apikey[who]) });
  const ok = async (who: Who, argv: string[]): Promise<CliResult> => {
    const r = await as(who, argv);
    expect(r.code, `${who}: ${argv.join(' ')}\n${r.stderr}`).toBe(0);
    return r;
  };
  const create = async (who: Who, name: string, extra: string[] = []): Promise<ApiKey> =>
    parseJson<ApiKey>((await ok(who, ['api-key-create', name, '-o', 'json', ...extra])).stdout);
  const listOwn = async (who: Who, extra: string[] = []): Promise<ApiKey[]> => parseJson<ApiKey[]>((await ok(who, ['api-keys', '-o', 'json', ...extra])).stdout);
  const refused = async (who: Who, argv: string[]): Promise<void> => {
    const before = dump(world.storeFile);
    expectRefused(await as(who, argv), `${who}: ${argv.join(' ')}`);
    expect(dump(world.storeFile), `${who}: ${argv.join(' ')} changed nothing`).toBe(before);
  };

  beforeAll(async () => {
    world = await makeWorld();
    transport = transportName === 'http' ? await overHttp(world.storeFile) : inProcess();
  });
  afterAll(async () => {
    await transport?.close();
  });

  it.each(['owner', 'admin', 'other'] as const)('%s creates, lists, updates, locks, disables and deletes their own keys', async (who) => {
    const file = join(world.keys, `${who}-${transportName}-own.json`);
    const name = `own-${who}-${transportName}`;
    const text = await ok(who, ['iam', 'api-key-create', name, '-d', 'mine', '--file', file, '--lock', '--action-if-leaked', 'DELETE']);
    expect(text.stdout).toMatch(new RegExp(`^Creating API key ${name} under account ${world.accountId} as .+\\.\\.\\.\nOK\nAPI key ${name} was created\nSuccessfully saved API key information to `));
    expect(text.stdout).toMatch(/\nAPI Key {7}\S{20,}\nLocked {8}true\n$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const mine = await listOwn(who);
    const key = mine.find((k) => k.name === name)!;
    expect(key).toMatchObject({ iam_id: world.iamIds[who], account_id: world.accountId, locked: true, action_when_leaked: 'delete', description: 'mine' });
    expect(mine.every((k) => k.iam_id === world.iamIds[who])).toBe(true);
    // locked: changes are refused before the question (exit 5), nothing changed
    const lockedDelete = await as(who, ['api-key-delete', name, '-f']);
    expect(lockedDelete.code).toBe(5);
    expect(lockedDelete.stderr).toContain(`iamkeys api-key-unlock ${key.id}`);
    await ok(who, ['api-key-unlock', name, '-f']);
    const updated = parseJson<ApiKey>((await ok(who, ['api-key-update', name, '-n', `${name}-2`, '-d', 'renamed', '-f', '-o', 'json'])).stdout);
    expect(updated).toMatchObject({ id: key.id, name: `${name}-2`, description: 'renamed' });
    await ok(who, ['api-key-disable', `${name}-2`, '-f']);
    expect((await listOwn(who)).find((k) => k.id === key.id)!.disabled).toBe(true);
    await ok(who, ['api-key-enable', key.id, '-f']);
    const shown = await ok(who, ['api-key', `${name}-2`]);
    expect(shown.stdout).toMatch(/\nDisabled {7}false\n$/);
    expect((await ok(who, ['api-key', `${name}-2`, '--uuid'])).stdout).toBe(`${key.id}\n`);
    const deleted = await ok(who, ['api-key-delete', `${name}-2`, '-f', '-o', 'json']);
    expect(JSON.parse(deleted.stdout)).toEqual({ id: key.id, result: 'deleted' });
    expect((await listOwn(who)).some((k) => k.id === key.id)).toBe(false);
  });

  it('api-keys never lists service ID keys, and service-api-keys never lists user keys', async () => {
    await create('owner', `listed-${transportName}`);
    for (const k of await listOwn('owner', ['-a'])) expect(k.iam_id.startsWith('iam-ServiceId-'), k.id).toBe(false);
    const sidKeys = parseJson<ApiKey[]>((await ok('owner', ['service-api-keys', '-a', '-o', 'json'])).stdout);
    expect(sidKeys.length).toBeGreaterThan(0);
    for (const k of sidKeys) expect(k.iam_id.startsWith('iam-ServiceId-'), k.id).toBe(true);
    // a service ID's key is no user key: not found (exit 3), nothing changed
    const before = dump(world.storeFile);
    const r = await as('owner', ['api-key-delete', sidKeys[0]!.id, '-f']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('is an API key of a service ID');
    expect(dump(world.storeFile)).toBe(before);
  });

  it('api-keys -a shows every user\'s keys to the owner and an administrator; a plain user sees their own only', async () => {
    const others = await create('other', `seen-by-admins-${transportName}`);
    for (const who of ['owner', 'admin'] as const) {
      const all = await listOwn(who, ['-a']);
      expect(all.map((k) => k.id)).toContain(others.id);
      expect(new Set(all.map((k) => k.iam_id)).size).toBeGreaterThan(1);
    }
    const creatorSees = await listOwn('creator', ['-a']);
    expect(creatorSees.every((k) => k.iam_id === world.iamIds.creator)).toBe(true);
    const text = await ok('owner', ['api-keys', '-a']);
    expect(text.stdout).toMatch(/^Name +User +Description +Created At +Locked +Disabled +ID$/m);
    expect(text.stdout).toMatch(new RegExp(`${world.iamIds.other}.*${others.id}$`, 'm'));
  });

  it('another user\'s key by UUID: the owner and an administrator change it; a plain user is refused; names are one\'s own', async () => {
    const target = await create('other', `target-${transportName}`);
    for (const who of ['owner', 'admin'] as const) {
      await ok(who, ['api-key-lock', target.id, '-f']);
      await ok(who, ['api-key-unlock', target.id, '-f']);
      await ok(who, ['api-key-update', target.id, '-d', `by ${who}`, '-f']);
      await ok(who, ['api-key-disable', target.id, '-f']);
      await ok(who, ['api-key-enable', target.id, '-f']);
    }
    for (const argv of [['api-key-lock', target.id, '-f'], ['api-key-delete', target.id, '-f'], ['api-key-update', target.id, '-d', 'x', '-f'], ['api-key', target.id]]) {
      await refused('creator', argv);
    }
    // by name, only one's own keys are looked at
    const byName = await as('owner', ['api-key-delete', target.name, '-f']);
    expect(byName.code).toBe(3);
    await ok('admin', ['api-key-delete', target.id, '-f']);
    expect((await listOwn('other')).some((k) => k.id === target.id)).toBe(false);
  });

  it('an administrator cannot change the owner\'s key; the owner changes an administrator\'s', async () => {
    const ownerKey = await create('owner', `owners-${transportName}`);
    await refused('admin', ['api-key-disable', ownerKey.id, '-f']);
    await refused('admin', ['api-key-delete', ownerKey.id, '-f']);
    const adminKey = await create('admin', `admins-${transportName}`);
    await ok('owner', ['api-key-disable', adminKey.id, '-f']);
    await ok('owner', ['api-key-delete', adminKey.id, '-f']);
  });

  it('a name held by two of one\'s keys is ambiguous (exit 6), nothing changed', async () => {
    const name = `twice-${transportName}`;
    await create('other', name);
    await create('other', name);
    const before = dump(world.storeFile);
    const r = await as('other', ['api-key-delete', name, '-f']);
    expect(r.code).toBe(6);
    expect(r.stderr).toContain(`More than one API key is named '${name}'`);
    expect(dump(world.storeFile)).toBe(before);
  });
});
