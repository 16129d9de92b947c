// The local IAM's store: SQLite through better-sqlite3, in WAL mode so that parallel iamkeys processes
// share one file safely. Every write runs in a BEGIN IMMEDIATE transaction (the write lock is taken up front,
// so two writers never deadlock on a lock upgrade), and the busy timeout makes a writer wait its turn instead
// of surfacing SQLITE_BUSY. The store holds key values only as SHA-256 hashes.
import type BetterSqlite3 from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, fchmodSync, fstatSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';

// Loaded with require: an ESM import of this CommonJS package makes Node scan its source for named exports.
const require = createRequire(import.meta.url);
const Database = require('better-sqlite3') as typeof BetterSqlite3;
type Database = BetterSqlite3.Database;
import { SCHEMA, SCHEMA_VERSION } from './schema.js';

export interface AccountRow { id: string; owner_iam_id: string; created_at: number }
export interface UserRow { iam_id: string; account_id: string; name: string; email: string; role: string; created_at: number }
export interface ServiceIdRow {
  seq: number; id: string; account_id: string; name: string; description: string | null; locked: number;
  version: number; created_at: number; modified_at: number; created_by: string; unique_instance_crns: string;
}
export interface ApiKeyRow {
  seq: number; id: string; account_id: string; iam_id: string; name: string; description: string | null;
  locked: number; disabled: number; version: number; created_at: number; created_by: string; modified_at: number;
  support_sessions: number; action_when_leaked: string; expires_at: number | null; value_hash: string;
  stored_value: string | null; authn_count: number; last_authn: number | null;
}
export interface HistoryRow {
  entity_id: string; timestamp: number; iam_id: string; iam_id_account: string; action: string; params: string; message: string;
}

export { StoreError, storeError } from './store-error.js';
import { StoreError, storeError } from './store-error.js';

const BUSY_TIMEOUT_MS = 30_000;

/**
 * The addon's path, given to better-sqlite3 so it skips `bindings`, which searches a dozen folders with
 * synchronous stat calls on every start. Undefined (the default search) if the file is not where npm builds it.
 */
const NATIVE_BINDING = ((): string | undefined => {
  try {
    const pkg = require.resolve('better-sqlite3/package.json');
    const addon = pkg.replace(/package\.json$/, 'build/Release/better_sqlite3.node');
    return existsSync(addon) ? addon : undefined;
  } catch {
    return undefined;
  }
})();

export class Store {
  readonly db: Database;

  constructor(readonly path: string) {
    if (path !== ':memory:') {
      // Create the file 0600 before SQLite opens it; SQLite gives its -wal and -shm files the same mode. A store
      // made wider by hand (or by a copy, an older tool) is tightened: it holds the token signing secret.
      let fd: number;
      try {
        fd = openSync(path, 'a', 0o600);
      } catch (err) {
        // e.g. a folder where the store should be, a read-only folder, a full disk
        throw storeError(err, path) ?? new StoreError('unopenable', path, (err as Error).message);
      }
      try {
        if ((fstatSync(fd).mode & 0o077) !== 0) {
          fchmodSync(fd, 0o600);
          for (const side of ['-wal', '-shm']) {
            try {
              chmodSync(`${path}${side}`, 0o600);
            } catch {
              // not there: SQLite makes it with the store's mode
            }
          }
        }
      } finally {
        closeSync(fd);
      }
    }
    try {
      this.db = new Database(path, { timeout: BUSY_TIMEOUT_MS, ...(NATIVE_BINDING ? { nativeBinding: NATIVE_BINDING } : {}) });
      this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      if (path !== ':memory:') this.db.pragma('journal_mode = WAL');
      // FULL: a create reported as done survives power loss as well as a killed process.
      this.db.pragma('synchronous = FULL');
      this.db.pragma('foreign_keys = ON');
      this.migrate();
    } catch (err) {
      // Closed again, so that no -wal or -shm file is left beside a store that cannot be used.
      try {
        (this as { db?: Database }).db?.close();
      } catch {
        // closing cannot make it worse
      }
      throw storeError(err, path) ?? new StoreError('unopenable', path, (err as Error).message);
    }
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version === SCHEMA_VERSION) return;
    if (version > SCHEMA_VERSION) {
      throw new Error(`it was written by a newer iamkeys (schema ${version}, this one knows ${SCHEMA_VERSION})`);
    }
    this.write(() => {
      this.db.exec(SCHEMA);
      this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    });
  }

  /** Runs fn in one BEGIN IMMEDIATE transaction: all of it lands, or none. */
  write<T>(fn: () => T): T {
    return this.guard(() => this.db.transaction(fn).immediate());
  }

  read<T>(fn: () => T): T {
    return this.guard(() => this.db.transaction(fn).deferred());
  }

  /**
   * Runs fn; the file failing on the way (damaged, full, read-only, I/O) is a StoreError that names it, not a
   * bare SqliteError. A damaged store is closed at once: nothing more goes through it, and no -wal or -shm file
   * stays beside it.
   */
  guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      const failed = storeError(err, this.path);
      if (!failed) throw err;
      if (failed.failure === 'damaged') {
        try {
          this.close();
        } catch {
          // closing cannot make it worse
        }
      }
      throw failed;
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // --- statements, prepared once per store -------------------------------------------------------------
  private cache = new Map<string, BetterSqlite3.Statement>();
  stmt(sql: string): BetterSqlite3.Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  getMeta(key: string): string | undefined {
    return (this.stmt('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }
  setMeta(key: string, value: string): void {
    this.stmt('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  firstAccount(): AccountRow | undefined {
    return this.stmt('SELECT * FROM accounts ORDER BY created_at, id LIMIT 1').get() as AccountRow | undefined;
  }
  account(id: string): AccountRow | undefined {
    return this.stmt('SELECT * FROM accounts WHERE id = ?').get(id) as AccountRow | undefined;
  }
  insertAccount(row: AccountRow): void {
    this.stmt('INSERT INTO accounts (id, owner_iam_id, created_at) VALUES (@id, @owner_iam_id, @created_at)').run(row);
  }

  user(iamId: string): UserRow | undefined {
    return this.stmt('SELECT * FROM users WHERE iam_id = ?').get(iamId) as UserRow | undefined;
  }
  userByEmail(accountId: string, email: string): UserRow | undefined {
    return this.stmt('SELECT * FROM users WHERE account_id = ? AND lower(email) = lower(?)').get(accountId, email) as UserRow | undefined;
  }
  usersOf(accountId: string): UserRow[] {
    return this.stmt('SELECT * FROM users WHERE account_id = ? ORDER BY created_at, iam_id').all(accountId) as UserRow[];
  }
  insertUser(row: UserRow): void {
    this.stmt('INSERT INTO users (iam_id, account_id, name, email, role, created_at) VALUES (@iam_id, @account_id, @name, @email, @role, @created_at)').run(row);
  }
  setUserRole(iamId: string, role: string): void {
    this.stmt('UPDATE users SET role = ? WHERE iam_id = ?').run(role, iamId);
  }
  hasGrant(userIamId: string, serviceId: string): boolean {
    return this.stmt('SELECT 1 FROM grants WHERE user_iam_id = ? AND service_id = ?').get(userIamId, serviceId) !== undefined;
  }
  addGrant(userIamId: string, serviceId: string): void {
    this.stmt('INSERT OR IGNORE INTO grants (user_iam_id, service_id) VALUES (?, ?)').run(userIamId, serviceId);
  }
  removeGrant(userIamId: string, serviceId: string): void {
    this.stmt('DELETE FROM grants WHERE user_iam_id = ? AND service_id = ?').run(userIamId, serviceId);
  }
  grantsOf(userIamId: string): string[] {
    return (this.stmt('SELECT service_id FROM grants WHERE user_iam_id = ? ORDER BY service_id').all(userIamId) as { service_id: string }[]).map((r) => r.service_id);
  }

  serviceId(id: string): ServiceIdRow | undefined {
    return this.stmt('SELECT * FROM service_ids WHERE id = ?').get(id) as ServiceIdRow | undefined;
  }
  insertServiceId(row: Omit<ServiceIdRow, 'seq'>): void {
    this.stmt(`INSERT INTO service_ids (id, account_id, name, description, locked, version, created_at, modified_at, created_by, unique_instance_crns)
      VALUES (@id, @account_id, @name, @description, @locked, @version, @created_at, @modified_at, @created_by, @unique_instance_crns)`).run(row);
  }
  updateServiceId(row: ServiceIdRow): void {
    this.stmt(`UPDATE service_ids SET name = @name, description = @description, locked = @locked, version = @version,
      modified_at = @modified_at, unique_instance_crns = @unique_instance_crns WHERE id = @id`).run(row);
  }
  deleteServiceId(id: string): void {
    this.stmt('DELETE FROM service_ids WHERE id = ?').run(id);
    this.stmt('DELETE FROM grants WHERE service_id = ?').run(id);
    this.stmt('DELETE FROM history WHERE entity_id = ?').run(id);
  }

  apiKey(id: string): ApiKeyRow | undefined {
    return this.stmt('SELECT * FROM apikeys WHERE id = ?').get(id) as ApiKeyRow | undefined;
  }
  apiKeyByHash(hash: string): ApiKeyRow | undefined {
    return this.stmt('SELECT * FROM apikeys WHERE value_hash = ?').get(hash) as ApiKeyRow | undefined;
  }
  apiKeyIdsOf(iamId: string): string[] {
    return (this.stmt('SELECT id FROM apikeys WHERE iam_id = ? ORDER BY seq').all(iamId) as { id: string }[]).map((r) => r.id);
  }
  insertApiKey(row: Omit<ApiKeyRow, 'seq' | 'authn_count' | 'last_authn'>): void {
    this.stmt(`INSERT INTO apikeys (id, account_id, iam_id, name, description, locked, disabled, version, created_at, created_by,
      modified_at, support_sessions, action_when_leaked, expires_at, value_hash, stored_value)
      VALUES (@id, @account_id, @iam_id, @name, @description, @locked, @disabled, @version, @created_at, @created_by,
      @modified_at, @support_sessions, @action_when_leaked, @expires_at, @value_hash, @stored_value)`).run(row);
  }
  updateApiKey(row: ApiKeyRow): void {
    this.stmt(`UPDATE apikeys SET name = @name, description = @description, locked = @locked, disabled = @disabled,
      version = @version, modified_at = @modified_at, support_sessions = @support_sessions,
      action_when_leaked = @action_when_leaked, expires_at = @expires_at WHERE id = @id`).run(row);
  }
  recordAuthn(id: string, at: number): void {
    this.stmt('UPDATE apikeys SET authn_count = authn_count + 1, last_authn = ? WHERE id = ?').run(at, id);
  }
  deleteApiKey(id: string): void {
    this.stmt('DELETE FROM apikeys WHERE id = ?').run(id);
    this.stmt('DELETE FROM history WHERE entity_id = ?').run(id);
  }

  addHistory(row: HistoryRow): void {
    this.stmt(`INSERT INTO history (entity_id, timestamp, iam_id, iam_id_account, action, params, message)
      VALUES (@entity_id, @timestamp, @iam_id, @iam_id_account, @action, @params, @message)`).run(row);
  }
  historyOf(entityId: string): HistoryRow[] {
    return this.stmt('SELECT * FROM history WHERE entity_id = ? ORDER BY seq').all(entityId) as HistoryRow[];
  }
}
