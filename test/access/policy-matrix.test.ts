// Access decided by policies, cell by cell, over both transports: who may do what on a service ID and its keys
// is what the identity's policies on IAM Identity grant (IBM's roles → actions table), plus the owner and the
// creator. Every allowed cell exits 0 and did what it says; every refused one exits 4 with the store byte for
// byte as it was.
//
//   identity       policies                                          on `owned`       on `foreign`
//   owner          (the account owner)                               all              all
//   editor         Editor on the whole of IAM Identity               read, update     read, update
//   granted        Operator on `owned` alone (service-id-grant)      all              none
//   other          none                                              none             none
//   everything     Administrator on every IAM-enabled service        none             none
//                  (serviceType=service, which IAM Identity is not)
//   serviceid      a key of `owned`: first no policy, then Operator on `owned`, then that policy deleted
//                                                                    none/all/none    none
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openLocalIam, type LocalIam } from '../../src/emulator/index.js';
import type { LocalUser } from '../../src/wire/identities.js';
import type { ApiKey } from '../../src/wire/types.js';
import { parseJson } from '../helpers/cli.js';
import { runCli } from '../helpers/run-cli.js';
import { asOwner, dump, engineAs, expectRefused, inProcess, makeWorld, overHttp, type Transport, type World } from './world.js';

const ACTIONS = ['show', 'update', 'key-list', 'key-update', 'key-create', 'key-delete'] as const;
type Action = (typeof ACTIONS)[number];
const READ_UPDATE: readonly Action[] = ['show', 'update', 'key-list', 'key-update'];
const TARGETS = ['owned', 'foreign'] as const;
type Target = (typeof TARGETS)[number];
type Cell = 'owner' | 'editor' | 'granted' | 'other' | 'everything' | 'serviceid:none' | 'serviceid:operator' | 'serviceid:removed';

function allowed(who: Cell, action: Action, target: Target): boolean {
  switch (who) {
    case 'owner': return true;
    case 'editor': return READ_UPDATE.includes(action);
    case 'granted': case 'serviceid:operator': return target === 'owned';
    default: return false;
  }
}

function argv(action: Action, key: string, sid: string, tag: string): string[] {
  switch (action) {
    case 'show': return ['service-id', sid, '-o', 'json'];
    case 'update': return ['service-id-update', sid, '-d', `changed ${tag}`, '-f'];
    case 'key-list': return ['service-api-keys', sid, '-o', 'json'];
    case 'key-update': return ['service-api-key-update', key, sid, '-d', `changed ${tag}`, '-f'];
    case 'key-create': return ['service-api-key-create', `new-${tag}`, sid, '-o', 'json'];
    case 'key-delete': return ['service-api-key-delete', key, sid, '-f'];
  }
}

describe.each(['in-process', 'http'] as const)('access by policies over %s', (transportName) => {
  let world: World;
  let transport: Transport;
  let iam: LocalIam;
  const apikey: Record<string, string> = {};
  const keyOf = new Map<string, string>();
  const seen = new Map<string, number>();
  let serviceIdPolicy = '';

  /** The policy API as the owner, in-process on the world's store (setting up, not under test). */
  function ownerPolicyCall(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
    const token = iam.handler.mintToken(iam.account.owner);
    const r = iam.handler.handle({ method, url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers }, body: body ? JSON.stringify(body) : '' });
    return { status: r.status, body: r.body ? JSON.parse(r.body) as Record<string, unknown> : {}, etag: r.headers['etag'] };
  }

  function givePolicy(iamId: string, role: string, attrs: [string, string][]): string {
    const r = ownerPolicyCall('POST', '/v1/policies', {
      type: 'access', subjects: [{ attributes: [{ name: 'iam_id', value: iamId }] }],
      roles: [{ role_id: `crn:v1:bluemix:public:iam::::role:${role}` }],
      resources: [{ attributes: [['accountId', world.accountId], ...attrs].map(([name, value]) => ({ name, value, operator: 'stringEquals' })) }],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  }

  beforeAll(async () => {
    world = await makeWorld();
    iam = openLocalIam({ path: world.storeFile, ownerName: 'owner' });
    for (const who of ['editor', 'everything'] as const) {
      const file = join(world.keys, `${who}.json`);
      const u = parseJson<LocalUser>((await asOwner(world.home, ['user-create', who, '--email', `${who}@example.com`, '--apikey-file', file, '-o', 'json'])).stdout);
      apikey[who] = `@${file}`;
      if (who === 'editor') givePolicy(u.iam_id, 'Editor', [['serviceName', 'iam-identity']]);
      else givePolicy(u.iam_id, 'Administrator', [['serviceType', 'service']]);
    }
    for (const who of ['owner', 'granted', 'other', 'serviceid'] as const) apikey[who] = world.apikey[who];
    // One key per cell that updates or deletes one, made by the owner beforehand.
    const { store, engine, as } = engineAs(world.storeFile, world.iamIds.owner);
    try {
      for (const who of ['owner', 'editor', 'granted', 'other', 'everything', 'serviceid:none', 'serviceid:operator', 'serviceid:removed'] as Cell[]) {
        for (const action of ['key-update', 'key-delete'] as const) {
          for (const target of TARGETS) {
            const key = engine.createApiKey(as, { name: `${who}/${action}/${target}`, iam_id: world[target].iam_id }, { locked: false, disabled: false });
            keyOf.set(`${who}/${action}/${target}`, key.id);
          }
        }
      }
    } finally {
      store.close();
    }
    transport = transportName === 'http' ? await overHttp(world.storeFile) : inProcess();
  });

  afterAll(async () => {
    await transport?.close();
    iam?.close();
  });

  async function runCells(who: Cell): Promise<void> {
    const identity = who.startsWith('serviceid') ? 'serviceid' : who;
    for (const target of TARGETS) {
      for (const action of ACTIONS) {
        const sid = world[target];
        const key = keyOf.get(`${who}/${action}/${target}`) ?? '';
        const tag = `${who}-${target}-${transportName}`.replace(/[^a-z-]/g, '-');
        const before = dump(world.storeFile);
        const r = await runCli(argv(action, key, sid.id, tag), { home: world.home, env: transport.env(apikey[identity]!) });
        seen.set(`${who}/${action}/${target}`, r.code);
        const what = `${who} ${action} on ${target} over ${transportName}`;
        if (!allowed(who, action, target)) {
          expectRefused(r, what);
          expect(dump(world.storeFile), `${what}: nothing changed`).toBe(before);
          continue;
        }
        expect(r.code, `${what}\n${r.stderr}`).toBe(0);
        if (action === 'key-create') expect((JSON.parse(r.stdout) as ApiKey).iam_id).toBe(sid.iam_id);
        if (action === 'key-delete') expect(dump(world.storeFile)).not.toContain(key);
        if (action === 'update' || action === 'key-update') expect(dump(world.storeFile)).toContain(`changed ${tag}`);
      }
    }
  }

  it.each(['owner', 'editor', 'granted', 'other', 'everything'] as const)('%s', async (who) => {
    await runCells(who);
  });

  it('a refusal names the action, the caller and the resource in IBM words', async () => {
    const r = await runCli(['service-api-key-create', 'nope', world.foreign.id], { home: world.home, env: transport.env(apikey.editor!) });
    expectRefused(r, 'editor creating a key');
    expect(r.stderr).toContain("Access check for action 'iam-identity.apikey.create' for subject '");
    expect(r.stderr).toContain(`for resource 'crn:v1:bluemix:public:iam-identity::a/${world.accountId}::serviceid:${world.foreign.id}' was denied due to lack of access policy.`);
  });

  it('a service ID without policies can do nothing with its own service ID', async () => {
    await runCells('serviceid:none');
  });

  it('given Operator on its own service ID, its key manages that service ID and its keys, and no other', async () => {
    serviceIdPolicy = givePolicy(world.iamIds.serviceid, 'Operator', [['serviceName', 'iam-identity'], ['resourceType', 'serviceid'], ['resource', world.owned.id]]);
    await runCells('serviceid:operator');
  });

  it('once that policy is deleted, the same key is refused again (the token it already has included)', async () => {
    expect(ownerPolicyCall('DELETE', `/v1/policies/${serviceIdPolicy}`).status).toBe(204);
    await runCells('serviceid:removed');
  });

  it('every cell ran, and what each saw is the table above', () => {
    const cells: Cell[] = ['owner', 'editor', 'granted', 'other', 'everything', 'serviceid:none', 'serviceid:operator', 'serviceid:removed'];
    expect(seen.size).toBe(cells.length * TARGETS.length * ACTIONS.length);
    for (const who of cells) {
      for (const target of TARGETS) {
        for (const action of ACTIONS) expect(seen.get(`${who}/${action}/${target}`), `${who}/${action}/${target}`).toBe(allowed(who, action, target) ? 0 : 4);
      }
    }
  });
});
