// A store written by the release before access policies (schema 2; test/fixtures/store-schema2.db, made by
// test/fixtures/make-schema2-store.sh with that release's executable) opens in place as schema 3: every
// administrator role becomes Administrator on the whole of IAM Identity, every grant of a service ID becomes
// Operator on that service ID, nothing else changes, and the same people may do the same things.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openLocalIam } from '../../src/emulator/index.js';
import { userPrincipal } from '../../src/emulator/local-account.js';
import type { LocalUser } from '../../src/wire/identities.js';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3') as typeof import('better-sqlite3');
const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'store-schema2.db');
const ADMINISTRATOR = 'crn:v1:bluemix:public:iam::::role:Administrator';
const OPERATOR = 'crn:v1:bluemix:public:iam::::role:Operator';

const dir = mkdtempSync(join(tmpdir(), 'iamkeys-migrate3-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Before {
  users: { iam_id: string; name: string; role: string }[];
  grants: { user_iam_id: string; service_id: string }[];
  service_ids: unknown[];
  apikeys: unknown[];
  owner: string;
}

function readOld(path: string): Before {
  const db = new Database(path, { readonly: true });
  try {
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    return {
      users: db.prepare('SELECT iam_id, name, role FROM users ORDER BY iam_id').all() as Before['users'],
      grants: db.prepare('SELECT * FROM grants ORDER BY user_iam_id, service_id').all() as Before['grants'],
      service_ids: db.prepare('SELECT id, name, description, created_by, version FROM service_ids ORDER BY seq').all(),
      apikeys: db.prepare('SELECT id, iam_id, name, value_hash, version, disabled, locked FROM apikeys ORDER BY seq').all(),
      owner: (db.prepare('SELECT owner_iam_id FROM accounts').get() as { owner_iam_id: string }).owner_iam_id,
    };
  } finally {
    db.close();
  }
}

describe('store schema 3 (access policies)', () => {
  const path = join(dir, 'store.db');
  copyFileSync(FIXTURE, path);
  const before = readOld(path);

  it('the fixture holds what is to migrate: an administrator and grants', () => {
    expect(before.users.filter((u) => u.role === 'admin')).toHaveLength(1);
    expect(before.grants.length).toBeGreaterThanOrEqual(3);
  });

  it('turns every role and grant into the equivalent policy, and keeps every other row', () => {
    const iam = openLocalIam({ path, ownerName: 'owner' });
    try {
      const db = iam.store.db;
      expect(db.pragma('user_version', { simple: true })).toBe(3);
      expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'grants'").get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT id, name, description, created_by, version FROM service_ids ORDER BY seq').all()).toEqual(before.service_ids);
      expect(db.prepare('SELECT id, iam_id, name, value_hash, version, disabled, locked FROM apikeys ORDER BY seq').all()).toEqual(before.apikeys);
      const policies = db.prepare("SELECT subject_iam_id, identity_scope, roles, state, created_by, doc FROM policies ORDER BY subject_iam_id, identity_scope").all() as
        { subject_iam_id: string; identity_scope: string; roles: string; state: string; created_by: string; doc: string }[];
      const admins = before.users.filter((u) => u.role === 'admin');
      const expected = [
        ...admins.map((u) => ({ subject_iam_id: u.iam_id, identity_scope: '*', roles: JSON.stringify([ADMINISTRATOR]) })),
        ...before.grants.map((g) => ({ subject_iam_id: g.user_iam_id, identity_scope: g.service_id, roles: JSON.stringify([OPERATOR]) })),
      ].sort((a, b) => (`${a.subject_iam_id} ${a.identity_scope}` < `${b.subject_iam_id} ${b.identity_scope}` ? -1 : 1));
      expect(policies.map(({ subject_iam_id, identity_scope, roles }) => ({ subject_iam_id, identity_scope, roles }))).toEqual(expected);
      expect(policies.every((p) => p.state === 'active' && p.created_by === before.owner)).toBe(true);
      // The grant form is IBM's one-service-ID policy.
      const grant = policies.find((p) => p.identity_scope !== '*')!;
      expect(JSON.parse(grant.doc).resources[0].attributes.map((a: { name: string }) => a.name)).toEqual(['accountId', 'serviceName', 'resourceType', 'resource']);

      // The users as the local IAM shows them: the same roles and service IDs as before.
      const token = iam.handler.mintToken(iam.account.owner);
      const r = iam.handler.handle({ method: 'GET', url: '/v1/iamkeys/users', headers: { authorization: `Bearer ${token}` }, body: '' });
      const users = (JSON.parse(r.body) as { users: LocalUser[] }).users;
      for (const u of before.users) {
        const now = users.find((x) => x.iam_id === u.iam_id)!;
        expect(now.role, u.name).toBe(u.role);
        expect(now.service_ids, u.name).toEqual(before.grants.filter((g) => g.user_iam_id === u.iam_id).map((g) => g.service_id).sort());
      }
    } finally {
      iam.close();
    }
  });

  it('the same people may do the same things after it', () => {
    const iam = openLocalIam({ path, ownerName: 'owner' });
    try {
      const sids = iam.store.db.prepare('SELECT id FROM service_ids ORDER BY seq').all() as { id: string }[];
      for (const u of before.users) {
        const p = userPrincipal(iam.store.user(u.iam_id)!);
        for (const { id } of sids) {
          const created = (iam.store.serviceId(id)!.created_by === u.iam_id);
          const may = u.role === 'owner' || u.role === 'admin' || created || before.grants.some((g) => g.user_iam_id === u.iam_id && g.service_id === id);
          let ok = true;
          try {
            iam.engine.getServiceId(p, id);
            iam.engine.listApiKeys(p, new URLSearchParams({ account_id: iam.account.accountId, iam_id: `iam-${id}` }));
          } catch {
            ok = false;
          }
          expect(ok, `${u.name} on ${id}`).toBe(may);
        }
      }
    } finally {
      iam.close();
    }
  });
});
