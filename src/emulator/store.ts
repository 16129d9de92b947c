// The local IAM's store: SQLite through better-sqlite3, in WAL mode so that parallel iamkeys processes
// share one file safely. Every write runs in a BEGIN IMMEDIATE transaction (the write lock is taken up front,
// so two writers never deadlock on a lock upgrade), and the busy timeout makes a writer wait its turn instead
// of surfacing SQLITE_BUSY. The store holds key values as SHA-256 hashes (and, for keys created with
// store_value, the value as given).
// Imported (not required at run time) so that the bundle carries better-sqlite3's JavaScript; its addon stays a file.
import BetterSqlite3 from 'better-sqlite3';
import { chmodSync, closeSync, constants, existsSync, fchmodSync, fstatSync, lstatSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Database = BetterSqlite3;
type Database = BetterSqlite3.Database;
import { MIGRATIONS, SCHEMA, SCHEMA_VERSION } from './schema.js';

export interface AccountRow { id: string; owner_iam_id: string; created_at: number }
export interface UserRow { iam_id: string; account_id: string; name: string; email: string; role: string; created_at: number }
export interface ServiceIdRow {
  seq: number; id: string; account_id: string; name: string; description: string | null; locked: number;
  version: number; created_at: number; modified_at: number; created_by: string; unique_instance_crns: string;
  authn_count: number; last_authn: number | null;
}
/** What access checks and a token's identity need of a service ID: a narrow read on every request. */
export type ServiceIdHead = Pick<ServiceIdRow, 'id' | 'account_id' | 'name' | 'created_by'>;
/** Who made a key, whether it is disabled, and who owns its account: what a token got with it is checked against. */
export interface KeyMakerRow { disabled: number; created_by: string; owner_iam_id: string | null }
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
import { StoreError, isBusy, storeError } from './store-error.js';

const BUSY_TIMEOUT_MS = 30_000;
/** How long noted token exchanges may wait to be written together (see noteAuthn). */
const ACTIVITY_FLUSH_MS = 100;
const SIDE_FILES = ['-wal', '-shm', '-journal'];

function checkNotLinked(file: string, store: string): void {
  let link = false;
  try {
    link = lstatSync(file).isSymbolicLink();
  } catch {
    // not there (SQLite makes its side files itself, with the store's mode)
  }
  if (link) throw new StoreError('unopenable', store, `${file === store ? 'it' : `its file ${file}`} is a symbolic link, which iamkeys does not follow`);
}

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

const sleeper = new Int32Array(new SharedArrayBuffer(4));
/** Blocks this thread for ms: the store opens synchronously, as better-sqlite3 does everything. */
function pause(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

export class Store {
  readonly db: Database;

  constructor(readonly path: string) {
    if (path !== ':memory:') {
      // Create the file 0600 before SQLite opens it; SQLite gives its -wal and -shm files the same mode. A store
      // made wider by hand (or by a copy, an older tool) is tightened: it holds the token signing secret.
      // The store is refused if it (or its -wal, -shm or -journal file) is a symbolic link, or another user's:
      // a link could point at any file (its mode would be changed, a database written into it), a dangling one
      // would make the store at its target. O_NOFOLLOW keeps a link made after the check from being opened.
      for (const file of [path, ...SIDE_FILES.map((side) => `${path}${side}`)]) checkNotLinked(file, path);
      let fd: number;
      try {
        fd = openSync(path, constants.O_RDWR | constants.O_CREAT | constants.O_APPEND | (constants.O_NOFOLLOW ?? 0), 0o600);
      } catch (err) {
        // e.g. a folder where the store should be, a read-only folder, a full disk
        throw storeError(err, path) ?? new StoreError('unopenable', path, (err as Error).message);
      }
      try {
        const st = fstatSync(fd);
        const uid = process.getuid?.();
        if (uid !== undefined && st.uid !== uid) {
          throw new StoreError('unopenable', path, `it belongs to another user (uid ${st.uid}, not ${uid}), so iamkeys does not open it`);
        }
        if ((st.mode & 0o077) !== 0) {
          fchmodSync(fd, 0o600);
          for (const side of SIDE_FILES) {
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
    // Turning a new file to WAL is a write that begins as a read, and SQLite returns SQLITE_BUSY at once (its
    // busy handler is not called) when that meets another process's write lock: the first runs racing on an
    // empty home do. So opening is tried again, with a short random pause, until the busy timeout has passed.
    const deadline = Date.now() + BUSY_TIMEOUT_MS;
    for (;;) {
      try {
        this.db = new Database(path, { timeout: BUSY_TIMEOUT_MS, ...(NATIVE_BINDING ? { nativeBinding: NATIVE_BINDING } : {}) });
        this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
        if (path !== ':memory:') this.db.pragma('journal_mode = WAL');
        // FULL: a create reported as done survives power loss as well as a killed process.
        this.db.pragma('synchronous = FULL');
        this.db.pragma('foreign_keys = ON');
        this.migrate();
        return;
      } catch (err) {
        // Closed again, so that no -wal or -shm file is left beside a store that cannot be used.
        try {
          (this as { db?: Database }).db?.close();
        } catch {
          // closing cannot make it worse
        }
        if (isBusy(err) && Date.now() < deadline) {
          pause(5 + Math.random() * 20);
          continue;
        }
        throw storeError(err, path) ?? new StoreError('unopenable', path, (err as Error).message);
      }
    }
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version === SCHEMA_VERSION) return;
    if (version > SCHEMA_VERSION) {
      throw new Error(`it was written by a newer iamkeys (schema ${version}, this one knows ${SCHEMA_VERSION})`);
    }
    this.write(() => {
      // Read again inside the write lock: another process may have migrated the file meanwhile.
      const from = this.db.pragma('user_version', { simple: true }) as number;
      if (from === SCHEMA_VERSION) return;
      if (from === 0) {
        this.db.exec(SCHEMA);
      } else {
        for (let v = from; v < SCHEMA_VERSION; v++) {
          const step = MIGRATIONS[v]!;
          if (typeof step === 'string') this.db.exec(step);
          else step(this.db);
        }
      }
      this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    });
  }

  /** Runs fn in one BEGIN IMMEDIATE transaction: all of it lands, or none. */
  write<T>(fn: () => T): T {
    return this.guard(() => this.transactions().immediate(fn) as T);
  }

  /**
   * write() without the fsync at commit (synchronous NORMAL, for this transaction only): for bookkeeping such
   * as IAM's activity counts, which must not cost every token exchange a disk flush. In WAL mode the
   * transaction is still atomic and survives a killed process; only a power loss may drop it, until the next
   * ordinary write flushes the log.
   */
  writeRelaxed<T>(fn: () => T): T {
    if (!this.db.inTransaction) this.stmt('PRAGMA synchronous = NORMAL').run();
    try {
      return this.write(fn);
    } finally {
      // A damaged store was closed by guard(): its error is the one to report.
      if (this.db.open && !this.db.inTransaction) this.stmt('PRAGMA synchronous = FULL').run();
    }
  }

  read<T>(fn: () => T): T {
    return this.guard(() => this.transactions().deferred(fn) as T);
  }

  // One transaction function for every call, made on first use: better-sqlite3 builds five wrappers for each
  // db.transaction(), which cost a small read as much as its query.
  private tx?: BetterSqlite3.Transaction<(fn: () => unknown) => unknown>;
  private transactions(): BetterSqlite3.Transaction<(fn: () => unknown) => unknown> {
    return (this.tx ??= this.db.transaction((fn: () => unknown) => fn()));
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
    try {
      this.flushActivity();
    } catch {
      // a damaged or busy store: the counts of this process are lost, the keys are not
    }
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
  serviceId(id: string): ServiceIdRow | undefined {
    return this.stmt('SELECT * FROM service_ids WHERE id = ?').get(id) as ServiceIdRow | undefined;
  }
  serviceIdHead(id: string): ServiceIdHead | undefined {
    return this.stmt('SELECT id, account_id, name, created_by FROM service_ids WHERE id = ?').get(id) as ServiceIdHead | undefined;
  }
  insertServiceId(row: Omit<ServiceIdRow, 'seq' | 'authn_count' | 'last_authn'>): void {
    this.stmt(`INSERT INTO service_ids (id, account_id, name, description, locked, version, created_at, modified_at, created_by, unique_instance_crns)
      VALUES (@id, @account_id, @name, @description, @locked, @version, @created_at, @modified_at, @created_by, @unique_instance_crns)`).run(row);
  }
  updateServiceId(row: ServiceIdRow): void {
    this.stmt(`UPDATE service_ids SET name = @name, description = @description, locked = @locked, version = @version,
      modified_at = @modified_at, unique_instance_crns = @unique_instance_crns WHERE id = @id`).run(row);
  }
  deleteServiceId(id: string): void {
    this.stmt('DELETE FROM service_ids WHERE id = ?').run(id);
    this.stmt('DELETE FROM history WHERE entity_id = ?').run(id);
  }

  keyMaker(id: string): KeyMakerRow | undefined {
    return this.stmt(`SELECT k.disabled, k.created_by, a.owner_iam_id FROM apikeys k LEFT JOIN accounts a ON a.id = k.account_id
      WHERE k.id = ?`).get(id) as KeyMakerRow | undefined;
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
  // --- activity: counted in memory, written in batches ----------------------------------------------------
  // A token exchange only notes its key here; the counts go to the file in one transaction at most
  // ACTIVITY_FLUSH_MS later (so a busy serve writes the exchanges of that time together), before any read that
  // asks for activity, and when the store closes. An exchange thus takes no write lock of its own, and the write
  // is not flushed to disk (writeRelaxed). A process killed in between loses those counts, never a key.
  private pendingAuthn = new Map<string, { iam_id: string; count: number; last: number }>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;

  /** One successful token exchange of a key: its activity, and its service ID's when it has one. */
  noteAuthn(key: Pick<ApiKeyRow, 'id' | 'iam_id'>, at: number): void {
    const p = this.pendingAuthn.get(key.id);
    if (p) {
      p.count++;
      p.last = Math.max(p.last, at);
    } else {
      this.pendingAuthn.set(key.id, { iam_id: key.iam_id, count: 1, last: at });
    }
    if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => {
        try {
          this.flushActivity();
        } catch {
          // busy or damaged: the counts stay noted for the next flush
        }
      }, ACTIVITY_FLUSH_MS);
      this.flushTimer.unref?.();
    }
  }

  /** Writes the noted activity now; on failure it stays noted. */
  flushActivity(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pendingAuthn.size === 0 || !this.db.open) return;
    const batch = this.pendingAuthn;
    this.pendingAuthn = new Map();
    try {
      this.writeRelaxed(() => {
        for (const [id, a] of batch) {
          this.stmt('UPDATE apikeys SET authn_count = authn_count + ?, last_authn = max(coalesce(last_authn, 0), ?) WHERE id = ?').run(a.count, a.last, id);
          if (a.iam_id.startsWith('iam-ServiceId-')) {
            this.stmt('UPDATE service_ids SET authn_count = authn_count + ?, last_authn = max(coalesce(last_authn, 0), ?) WHERE id = ?')
              .run(a.count, a.last, a.iam_id.slice(4));
          }
        }
      });
    } catch (err) {
      for (const [id, a] of batch) {
        const p = this.pendingAuthn.get(id);
        if (p) {
          p.count += a.count;
          p.last = Math.max(p.last, a.last);
        } else {
          this.pendingAuthn.set(id, a);
        }
      }
      throw err;
    }
  }
  /**
   * Deletes keys whose expires_at and modified_at are both older than `before` (IAM's clean-up of long-expired
   * keys, locked or not); returns how many went. Looked for first, so that a store with none takes no write lock.
   */
  purgeExpiredKeys(before: number): number {
    const where = 'expires_at IS NOT NULL AND expires_at < ? AND modified_at < ?';
    if (!this.read(() => this.stmt(`SELECT 1 FROM apikeys WHERE ${where} LIMIT 1`).get(before, before))) return 0;
    return this.write(() => {
      const ids = (this.stmt(`SELECT id FROM apikeys WHERE ${where}`).all(before, before) as { id: string }[]).map((r) => r.id);
      for (const id of ids) this.deleteApiKey(id);
      return ids.length;
    });
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
