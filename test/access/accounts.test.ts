// Accounts are isolated: a second account (made directly in the store, as no command makes one) sees none of
// the first account's service IDs, keys or users and can touch none of them (403, exit 4), and the first
// account's owner cannot touch the second's; on both transports, nothing changed by any refusal.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/emulator/engine.js';
import { userPrincipal } from '../../src/emulator/local-account.js';
import { Store } from '../../src/emulator/store.js';
import type { LocalUser } from '../../src/wire/identities.js';
import type { ApiKey, ServiceId } from '../../src/wire/types.js';
import { parseJson } from '../helpers/cli.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { dump, expectRefused, inProcess, makeWorld, overHttp, type Transport, type World } from './world.js';

interface SecondAccount {
  accountId: string;
  ownerIamId: string;
  userIamId: string;
  apikey: string;
  serviceId: ServiceId;
  key: ApiKey;
}

/** Another account in the same store, with an owner (and a key of it), a user, a service ID and a key of it. */
function makeSecondAccount(world: World): SecondAccount {
  const store = new Store(world.storeFile);
  try {
    const accountId = 'b'.repeat(32);
    const ownerIamId = 'IBMid-SECONDOWNER';
    const userIamId = 'IBMid-SECONDUSER0';
    const t = Date.now() + 1000; // after the first account, which stays the local one
    store.write(() => {
      store.insertAccount({ id: accountId, owner_iam_id: ownerIamId, created_at: t });
      store.insertUser({ iam_id: ownerIamId, account_id: accountId, name: 'second-owner', email: 'owner@second.example', role: 'owner', created_at: t });
      store.insertUser({ iam_id: userIamId, account_id: accountId, name: 'second-user', email: 'user@second.example', role: 'user', created_at: t });
    });
    const engine = new Engine(store);
    const owner = userPrincipal(store.user(ownerIamId)!);
    const apikey = engine.createApiKey(owner, { name: 'second-owner-key', iam_id: ownerIamId }, { locked: false, disabled: false }).apikey;
    const serviceId = engine.createServiceId(owner, { account_id: accountId, name: 'owned' }, { locked: false });
    const key = engine.createApiKey(owner, { name: 'second-key', iam_id: serviceId.iam_id }, { locked: false, disabled: false });
    const file = join(world.keys, 'second-owner.json');
    writeFileSync(file, JSON.stringify({ apikey }), { mode: 0o600 });
    return { accountId, ownerIamId, userIamId, apikey: `@${file}`, serviceId, key };
  } finally {
    store.close();
  }
}

describe.each(['in-process', 'http'] as const)('accounts are isolated over %s', (transportName) => {
  let world: World;
  let second: SecondAccount;
  let transport: Transport;
  let firstKey: ApiKey;

  beforeAll(async () => {
    world = await makeWorld();
    second = makeSecondAccount(world);
    const r = await runCli(['service-api-key-create', 'first-key', world.owned.id, '-o', 'json'], { home: world.home });
    firstKey = parseJson<ApiKey>(r.stdout);
    transport = transportName === 'http' ? await overHttp(world.storeFile) : inProcess();
  });
  afterAll(async () => {
    await transport?.close();
  });

  const run = (apikey: string, argv: string[]): Promise<CliResult> => runCli(argv, { home: world.home, env: transport.env(apikey) });
  const refused = async (apikey: string, argv: string[]): Promise<void> => {
    const before = dump(world.storeFile);
    expectRefused(await run(apikey, argv), argv.join(' '));
    expect(dump(world.storeFile), `${argv.join(' ')} changed nothing`).toBe(before);
  };

  it('the second account sees only its own service IDs, keys and users', async () => {
    const sids = parseJson<ServiceId[]>((await run(second.apikey, ['service-ids', '-o', 'json'])).stdout);
    expect(sids.map((s) => s.id)).toEqual([second.serviceId.id]);
    const keys = parseJson<ApiKey[]>((await run(second.apikey, ['service-api-keys', '--all', '-o', 'json'])).stdout);
    expect(keys.map((k) => k.id)).toEqual([second.key.id]);
    const users = parseJson<LocalUser[]>((await run(second.apikey, ['users', '-o', 'json'])).stdout);
    expect(users.map((u) => u.iam_id).sort()).toEqual([second.ownerIamId, second.userIamId].sort());
    // and by name, the first account's `owned` is the second's own `owned`, not the first's
    const byName = parseJson<ServiceId[]>((await run(second.apikey, ['service-id', 'owned', '-o', 'json'])).stdout);
    expect(byName.map((s) => s.id)).toEqual([second.serviceId.id]);
  });

  it("the second account's owner can neither read nor change anything of the first (403, exit 4)", async () => {
    const sid = world.owned.id;
    for (const argv of [
      ['service-id', sid],
      ['service-id-update', sid, '-d', 'taken over', '-f'],
      ['service-id-lock', sid, '-f'],
      ['service-id-delete', sid, '-f'],
      ['service-api-keys', sid],
      ['service-api-key', firstKey.id, sid],
      ['service-api-key-create', 'planted', sid],
      ['service-api-key-update', firstKey.id, sid, '-n', 'renamed', '-f'],
      ['service-api-key-disable', firstKey.id, sid, '-f'],
      ['service-api-key-delete', firstKey.id, sid, '-f'],
      ['user-role', world.iamIds.other, 'admin'],
      ['service-id-grant', world.iamIds.other, second.serviceId.id],
      ['service-id-grant', second.userIamId, sid],
      ['user-apikey-create', world.iamIds.other],
      ['user-apikey-create', world.iamIds.owner],
    ]) await refused(second.apikey, argv);
  });

  it("the first account's owner can neither read nor change anything of the second", async () => {
    const owner = world.apikey.owner;
    const sid = second.serviceId.id;
    for (const argv of [
      ['service-id', sid],
      ['service-id-delete', sid, '-f'],
      ['service-api-keys', sid],
      ['service-api-key', second.key.id, sid],
      ['service-api-key-create', 'planted', sid],
      ['service-api-key-lock', second.key.id, sid, '-f'],
      ['service-api-key-delete', second.key.id, sid, '-f'],
      ['user-role', second.userIamId, 'admin'],
      ['service-id-grant', second.userIamId, world.owned.id],
      ['service-id-grant', world.iamIds.other, sid],
      ['service-id-revoke', world.iamIds.other, sid],
      ['user-apikey-create', second.userIamId],
      ['user-apikey-create', second.ownerIamId],
    ]) await refused(owner, argv);
    const users = parseJson<LocalUser[]>((await run(owner, ['users', '-o', 'json'])).stdout);
    expect(users.map((u) => u.account_id)).toEqual(users.map(() => world.accountId));
  });
});
