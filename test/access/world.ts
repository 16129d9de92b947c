// The identities of the seed's "Required access" in one local IAM, made through the CLI's own commands as the
// local owner, and the two ways the tests reach that IAM as one of them: in-process (local mode with
// IBMCLOUD_API_KEY) and over HTTP (a real server on 127.0.0.1:0 with IAMKEYS_IAM_ENDPOINT + IBMCLOUD_API_KEY).
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { Engine } from '../../src/emulator/engine.js';
import { openLocalIam } from '../../src/emulator/index.js';
import { userPrincipal } from '../../src/emulator/local-account.js';
import { startServer, type RunningServer } from '../../src/emulator/server.js';
import { Store } from '../../src/emulator/store.js';
import type { LocalUser } from '../../src/wire/identities.js';
import type { ServiceId } from '../../src/wire/types.js';
import { parseJson, progressOnly } from '../helpers/cli.js';
import { runCli, tempHome, type CliResult } from '../helpers/run-cli.js';

export const IDENTITIES = ['owner', 'admin', 'creator', 'granted', 'other', 'serviceid'] as const;
export type Who = (typeof IDENTITIES)[number];

export interface World {
  home: string;
  /** Where the key files are (outside IAMKEYS_HOME). */
  keys: string;
  storeFile: string;
  accountId: string;
  /** iam_id of each identity. */
  iamIds: Record<Who, string>;
  /** `@file` of an API key of each identity. */
  apikey: Record<Who, string>;
  /** Created by `creator`, granted to `granted`; `serviceid` is a key of this service ID. */
  owned: ServiceId;
  /** Created by the owner; nobody is granted it. */
  foreign: ServiceId;
}

/** Runs a command as the local owner (local mode, no key) that must succeed. */
export async function asOwner(home: string, argv: string[]): Promise<CliResult> {
  const r = await runCli(argv, { home });
  if (r.code !== 0) throw new Error(`${argv.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
}

export async function makeWorld(): Promise<World> {
  const home = tempHome('iamkeys-access-');
  const keys = join(home, '..', `${home.split('/').pop()}-keys`);
  mkdirSync(keys, { mode: 0o700 });
  const file = (who: Who) => join(keys, `${who}.json`);
  const owner = parseJson<LocalUser[]>((await asOwner(home, ['users', '-o', 'json'])).stdout).find((u) => u.role === 'owner')!;
  const made: Partial<Record<Who, LocalUser>> = { owner };
  for (const who of ['admin', 'creator', 'granted', 'other'] as const) {
    const argv = ['user-create', who, '--email', `${who}@example.com`, '--apikey-file', file(who), '-o', 'json'];
    if (who === 'admin') argv.push('--admin');
    made[who] = parseJson<LocalUser>((await asOwner(home, argv)).stdout);
  }
  await asOwner(home, ['user-apikey-create', owner.iam_id, '--file', file('owner')]);
  const creatorRun = await runCli(['service-id-create', 'owned', '-d', 'made by creator', '-o', 'json'], { home, env: { IBMCLOUD_API_KEY: `@${file('creator')}` } });
  expect(creatorRun.code, creatorRun.stderr).toBe(0);
  const owned = parseJson<ServiceId>(creatorRun.stdout);
  const foreign = parseJson<ServiceId>((await asOwner(home, ['service-id-create', 'foreign', '-o', 'json'])).stdout);
  await asOwner(home, ['service-id-grant', 'granted@example.com', 'owned']);
  await asOwner(home, ['service-api-key-create', 'self', owned.id, '--file', file('serviceid')]);
  const iamIds = Object.fromEntries(IDENTITIES.map((w) => [w, w === 'serviceid' ? owned.iam_id : made[w]!.iam_id])) as Record<Who, string>;
  const apikey = Object.fromEntries(IDENTITIES.map((w) => [w, `@${file(w)}`])) as Record<Who, string>;
  return { home, keys, storeFile: join(home, 'store.db'), accountId: owner.account_id, iamIds, apikey, owned, foreign };
}

// --- reading and changing the store behind the CLI's back -------------------------------------------------

/** Everything the store holds that an action could change, as one string (authentication counters left out). */
export function dump(storeFile: string): string {
  const db = new Database(storeFile, { timeout: 30_000 });
  try {
    const all = (sql: string) => db.prepare(sql).all();
    return JSON.stringify({
      meta: all('SELECT * FROM meta ORDER BY key'),
      accounts: all('SELECT * FROM accounts ORDER BY id'),
      users: all('SELECT * FROM users ORDER BY iam_id'),
      policies: all('SELECT * FROM policies ORDER BY seq'),
      custom_roles: all('SELECT * FROM custom_roles ORDER BY seq'),
      service_ids: all(`SELECT seq, id, account_id, name, description, locked, version, created_at, modified_at, created_by,
        unique_instance_crns FROM service_ids ORDER BY seq`),
      apikeys: all(`SELECT id, account_id, iam_id, name, description, locked, disabled, version, created_at, created_by, modified_at,
        support_sessions, action_when_leaked, expires_at, value_hash, stored_value FROM apikeys ORDER BY seq`),
      history: all('SELECT * FROM history ORDER BY seq'),
    }, null, 1);
  } finally {
    db.close();
  }
}

/** The engine over the world's store, acting as the given user; closed by the caller. */
export function engineAs(storeFile: string, iamId: string): { store: Store; engine: Engine; as: ReturnType<typeof userPrincipal> } {
  const store = new Store(storeFile);
  const user = store.user(iamId);
  if (!user) throw new Error(`no user ${iamId}`);
  return { store, engine: new Engine(store), as: userPrincipal(user) };
}

// --- the two transports ----------------------------------------------------------------------------------

export interface Transport {
  name: 'in-process' | 'http';
  /** The environment that makes runCli act as `apikey` (a key or @file) on this transport. */
  env(apikey: string): Record<string, string>;
  close(): Promise<void>;
}

export function inProcess(): Transport {
  return { name: 'in-process', env: (apikey) => ({ IBMCLOUD_API_KEY: apikey }), close: async () => {} };
}

/** A real server on 127.0.0.1:0 over the world's store file (what `iamkeys serve` wires up). */
export async function overHttp(storeFile: string): Promise<Transport & { url: string; running: RunningServer }> {
  const iam = openLocalIam({ path: storeFile, ownerName: 'owner' });
  const running = await startServer(iam.handler, '127.0.0.1', 0);
  return {
    name: 'http', url: running.url, running,
    env: (apikey) => ({ IAMKEYS_IAM_ENDPOINT: running.url, IBMCLOUD_API_KEY: apikey }),
    async close() {
      await running.close();
      iam.close();
    },
  };
}

/** A refusal: exit 4, at most progress lines on stdout, FAILED and IAM's 403 (or 401) message, no stack. */
export function expectRefused(r: CliResult, what: string): void {
  expect(r.code, `${what}\n${r.stderr}`).toBe(4);
  progressOnly(r.stdout);
  expect(r.stderr, what).toMatch(/FAILED\n.*(not authorized|BXNIM0513E|BXNIM04)/s);
  expect(r.stderr, what).not.toMatch(/^\s+at .+:\d+/m);
}
