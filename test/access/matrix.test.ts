// The seed's "Required access for managing service ID API keys", cell by cell: six identities × nine actions on
// an API key × a service ID the identity has a claim to ("owned": created by `creator`, granted to `granted`,
// the service ID that `serviceid`'s key belongs to) and one it has none to ("foreign": made by the owner), over
// both transports. Every cell asserts the exit code (0 allowed, 4 refused), and on refusal that the store is
// byte for byte as it was; on success that the action did what it says.
//
//   allowed             owned   foreign
//   owner                 ✓        ✓      the account owner manages every service ID
//   admin                 ✓        ✓      a policy: Administrator on the whole of IAM Identity
//   creator               ✓        ✗      administers the service IDs it created
//   granted               ✓        ✗      a policy: Operator on that one service ID (service-id-grant)
//   other                 ✗        ✗      a user of the account with no policy
//   serviceid             ✗        ✗      a key of `owned` acting as `owned`, which has no policy: a service ID
//                                          has what its policies grant, nothing else (access.ts;
//                                          policy-matrix.test.ts gives it some)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiKey } from '../../src/wire/types.js';
import { runCli } from '../helpers/run-cli.js';
import { IDENTITIES, dump, engineAs, expectRefused, inProcess, makeWorld, overHttp, type Transport, type Who, type World } from './world.js';

const ACTIONS = ['create', 'update', 'lock', 'unlock', 'disable', 'enable', 'delete', 'list', 'show'] as const;
type Action = (typeof ACTIONS)[number];
const TARGETS = ['owned', 'foreign'] as const;
type Target = (typeof TARGETS)[number];

const allowed = (who: Who, target: Target): boolean =>
  who === 'owner' || who === 'admin' || ((who === 'creator' || who === 'granted') && target === 'owned');

/** The state each action needs its key in, so that a success changes something and a refusal can be seen. */
const START: Record<Action, { locked: boolean; disabled: boolean } | undefined> = {
  create: undefined,
  update: { locked: false, disabled: false },
  lock: { locked: false, disabled: false },
  unlock: { locked: true, disabled: false },
  disable: { locked: false, disabled: false },
  enable: { locked: false, disabled: true },
  delete: { locked: false, disabled: false },
  list: { locked: false, disabled: false },
  show: { locked: false, disabled: false },
};

function argv(action: Action, who: Who, key: string, sid: string): string[] {
  switch (action) {
    case 'create': return ['service-api-key-create', `new-by-${who}`, sid, '-o', 'json'];
    case 'update': return ['service-api-key-update', key, sid, '-d', `changed by ${who}`, '-f'];
    case 'list': return ['service-api-keys', sid, '-o', 'json'];
    case 'show': return ['service-api-key', key, sid, '-o', 'json'];
    default: return [`service-api-key-${action}`, key, sid, '-f'];
  }
}

interface KeyRow { id: string; iam_id: string; name: string; description: string | null; locked: number; disabled: number }

describe.each(['in-process', 'http'] as const)('access matrix over %s', (transportName) => {
  let world: World;
  let transport: Transport;
  /** The key each cell acts on, made beforehand in the state its action needs. */
  const keyOf = new Map<string, string>();
  const cell = (who: Who, action: Action, target: Target) => `${who}/${action}/${target}`;
  /** The exit code each cell saw. */
  const seen = new Map<string, number>();

  beforeAll(async () => {
    world = await makeWorld();
    const ownerId = world.iamIds.owner;
    const { store, engine, as } = engineAs(world.storeFile, ownerId);
    try {
      for (const who of IDENTITIES) {
        for (const action of ACTIONS) {
          const start = START[action];
          if (!start) continue;
          for (const target of TARGETS) {
            const sid = world[target];
            const key = engine.createApiKey(as, { name: `${cell(who, action, target)}`, iam_id: sid.iam_id, description: 'before' }, start);
            keyOf.set(cell(who, action, target), key.id);
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
  });

  const row = (id: string): KeyRow | undefined => {
    const { store } = engineAs(world.storeFile, world.iamIds.owner);
    try {
      return store.apiKey(id) as KeyRow | undefined;
    } finally {
      store.close();
    }
  };
  const keysOf = (iamId: string): KeyRow[] => (JSON.parse(dump(world.storeFile)).apikeys as KeyRow[]).filter((k) => k.iam_id === iamId);

  describe.each(IDENTITIES)('as %s', (who) => {
    describe.each(TARGETS)('on the %s service ID', (target) => {
      it.each(ACTIONS)(`%s`, async (action) => {
        const sid = world[target];
        const key = keyOf.get(cell(who, action, target)) ?? '';
        const before = dump(world.storeFile);
        const keysBefore = keysOf(sid.iam_id);
        const r = await runCli(argv(action, who, key, sid.id), { home: world.home, env: transport.env(world.apikey[who]) });
        seen.set(cell(who, action, target), r.code);
        const what = `${who} ${action} on ${target} over ${transportName}`;
        if (!allowed(who, target)) {
          expectRefused(r, what);
          expect(dump(world.storeFile), `${what}: nothing changed`).toBe(before);
          return;
        }
        expect(r.code, `${what}\n${r.stderr}`).toBe(0);
        const after = row(key);
        switch (action) {
          case 'create': {
            const made = JSON.parse(r.stdout) as ApiKey;
            expect(made.iam_id).toBe(sid.iam_id);
            expect(made.created_by).toBe(world.iamIds[who]);
            expect(keysOf(sid.iam_id)).toHaveLength(keysBefore.length + 1);
            return;
          }
          case 'update': expect(after?.description).toBe(`changed by ${who}`); return;
          case 'lock': expect(after?.locked).toBe(1); return;
          case 'unlock': expect(after?.locked).toBe(0); return;
          case 'disable': expect(after?.disabled).toBe(1); return;
          case 'enable': expect(after?.disabled).toBe(0); return;
          case 'delete': expect(after).toBeUndefined(); return;
          case 'list': {
            const listed = (JSON.parse(r.stdout) as ApiKey[]).map((k) => k.id).sort();
            expect(listed).toEqual(keysBefore.map((k) => k.id).sort());
            expect((JSON.parse(r.stdout) as ApiKey[]).every((k) => k.apikey === '')).toBe(true);
            expect(dump(world.storeFile)).toBe(before);
            return;
          }
          case 'show': {
            const shown = JSON.parse(r.stdout) as ApiKey;
            expect(shown).toMatchObject({ id: key, iam_id: sid.iam_id, apikey: '' });
            expect(dump(world.storeFile)).toBe(before);
            return;
          }
        }
      });
    });
  });

  it('every cell ran, and the outcomes seen are the table above, explained by the policies and creators', () => {
    // The cells' outcomes as they were seen (not as `allowed` predicts them): one row an identity, one column a
    // target, ✓ when every action succeeded and ✗ when every one was refused; a mixed row would show both.
    expect(seen.size).toBe(IDENTITIES.length * TARGETS.length * ACTIONS.length);
    const grid = Object.fromEntries(IDENTITIES.map((who) => [who, TARGETS.map((target) => {
      const codes = new Set(ACTIONS.map((action) => seen.get(cell(who, action, target))));
      return [...codes].sort().map((c) => (c === 0 ? '✓' : '✗')).join('');
    }).join(' ')]));
    expect(grid).toEqual({ owner: '✓ ✓', admin: '✓ ✓', creator: '✓ ✗', granted: '✓ ✗', other: '✗ ✗', serviceid: '✗ ✗' });
    // Why, from the store the cells ran on: who owns the account, who created each service ID, the active
    // policies on IAM Identity (the whole of it, or one service ID).
    const state = JSON.parse(dump(world.storeFile)) as {
      users: { iam_id: string; role: string }[]; service_ids: { id: string; created_by: string }[];
      policies: { subject_iam_id: string; state: string; identity_scope: string | null; roles: string }[];
    };
    const policy = (iamId: string, scope: string) => state.policies.some((p) => p.subject_iam_id === iamId && p.state === 'active' && p.identity_scope === scope);
    const reason = (who: Who, target: Target): string => {
      const iamId = world.iamIds[who];
      const sid = world[target];
      const role = state.users.find((u) => u.iam_id === iamId)?.role ?? 'a service ID';
      if (role === 'owner') return role;
      if (policy(iamId, '*')) return 'admin';
      if (state.service_ids.find((s) => s.id === sid.id)?.created_by === iamId) return 'creator';
      if (policy(iamId, sid.id)) return 'granted';
      return 'none';
    };
    for (const who of IDENTITIES) {
      for (const target of TARGETS) expect(reason(who, target) !== 'none', `${who} on ${target}`).toBe(allowed(who, target));
    }
  });
});
