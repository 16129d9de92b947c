// A store written by the iamkeys before service ID activity (schema 1) opens in place: the migration adds the
// columns and the expiry index, keeps every row, and the activity is then counted. IAM's clean-up of keys
// expired (and unchanged) for more than 90 days runs on the migrated store too.
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/emulator/engine.js';
import { ensureLocalAccount } from '../../src/emulator/local-account.js';
import { SCHEMA, SCHEMA_VERSION } from '../../src/emulator/schema.js';
import { Store } from '../../src/emulator/store.js';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3') as typeof import('better-sqlite3');
const DAY = 86_400_000;

/** The schema 1 tables: today's, less what schemas 2 and 3 added, with the grants table schema 3 removed. */
const SCHEMA_1 = `CREATE TABLE grants (user_iam_id TEXT NOT NULL, service_id TEXT NOT NULL, PRIMARY KEY (user_iam_id, service_id));\n${SCHEMA}`
  .replace("'[]', authn_count INTEGER NOT NULL DEFAULT 0, last_authn INTEGER);", "'[]');")
  .replace(/CREATE INDEX IF NOT EXISTS apikeys_by_expiry[^;]*;/, '');

describe('store schema 2', () => {
  it('migrates a schema 1 store in place and counts activity on it', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'iamkeys-migrate-')), 'store.db');
    const v1 = new Database(path);
    v1.exec(SCHEMA_1);
    v1.pragma('user_version = 1');
    expect(v1.prepare("SELECT count(*) AS n FROM pragma_table_info('service_ids') WHERE name = 'authn_count'").get()).toEqual({ n: 0 });
    v1.close();

    let store = new Store(path);
    const account = ensureLocalAccount(store, 'owner');
    const engine = new Engine(store);
    const sid = engine.createServiceId(account.owner, { account_id: account.accountId, name: 'old' }, { locked: false });
    const key = engine.createApiKey(account.owner, { name: 'k', iam_id: sid.iam_id }, { locked: false, disabled: false });
    store.close();

    // Rows written before a migration survive it: simulate by rolling the version back and opening again.
    const raw = new Database(path);
    raw.exec('DROP INDEX apikeys_by_expiry');
    raw.exec('ALTER TABLE service_ids DROP COLUMN authn_count');
    raw.exec('ALTER TABLE service_ids DROP COLUMN last_authn');
    raw.pragma('user_version = 1');
    raw.close();

    store = new Store(path);
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const e2 = new Engine(store);
    e2.authenticateKey(key.apikey);
    e2.authenticateKey(key.apikey);
    expect(e2.getServiceId(account.owner, sid.id, { includeActivity: true }).activity?.authn_count).toBe(2);
    expect(e2.getApiKey(account.owner, key.id, { includeActivity: true }).activity?.authn_count).toBe(2);
    expect(store.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'apikeys_by_expiry'").get()).toEqual({ n: 1 });
    store.close();
  });

  it('purges keys whose expires_at and modified_at are both more than 90 days past, locked or not', () => {
    const store = new Store(':memory:');
    const account = ensureLocalAccount(store, 'owner');
    const now = Date.now();
    const engine = new Engine(store);
    const sid = engine.createServiceId(account.owner, { account_id: account.accountId, name: 's' }, { locked: false });
    const mk = (name: string, fields: Record<string, number>, locked = false): string => {
      const k = engine.createApiKey(account.owner, { name, iam_id: sid.iam_id }, { locked, disabled: false });
      for (const [f, v] of Object.entries(fields)) store.db.prepare(`UPDATE apikeys SET ${f} = ? WHERE id = ?`).run(v, k.id);
      return k.id;
    };
    const gone = mk('gone', { expires_at: now - 100 * DAY, modified_at: now - 95 * DAY }, true);
    const touched = mk('touched', { expires_at: now - 100 * DAY, modified_at: now - 10 * DAY });
    const recent = mk('recent', { expires_at: now - 30 * DAY, modified_at: now - 95 * DAY });
    const never = mk('never', { modified_at: now - 400 * DAY });
    expect(engine.purgeExpiredKeys()).toBe(1);
    expect(store.apiKey(gone)).toBeUndefined();
    expect(store.historyOf(gone)).toEqual([]);
    for (const id of [touched, recent, never]) expect(store.apiKey(id)).toBeDefined();
    expect(engine.purgeExpiredKeys()).toBe(0);
    store.close();
  });
});
