// The local IAM's tables. Versioned with PRAGMA user_version so later changes can migrate a store in place.
import type BetterSqlite3 from 'better-sqlite3';
import { rolesAndGrantsToPolicies } from './policies/migrate-v2.js';

export const SCHEMA_VERSION = 3;

// Access policies and custom roles (policies/): a policy's subject, service and reach on IAM Identity are
// columns, so that an access decision reads only the caller's policies through policies_by_subject.

const POLICY_TABLES = `
CREATE TABLE IF NOT EXISTS policies (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, account_id TEXT NOT NULL, api INTEGER NOT NULL,
  type TEXT NOT NULL, state TEXT NOT NULL, subject_iam_id TEXT, subject_group_id TEXT, service_name TEXT,
  service_type TEXT, identity_scope TEXT, target_key TEXT NOT NULL, roles TEXT NOT NULL, doc TEXT NOT NULL,
  revision INTEGER NOT NULL, created_at INTEGER NOT NULL, created_by TEXT NOT NULL, modified_at INTEGER NOT NULL,
  modified_by TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS policies_by_subject ON policies (subject_iam_id, state, identity_scope);
CREATE INDEX IF NOT EXISTS policies_by_account ON policies (account_id, seq);
CREATE INDEX IF NOT EXISTS policies_by_target ON policies (account_id, target_key);
CREATE TABLE IF NOT EXISTS custom_roles (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, account_id TEXT NOT NULL, name TEXT NOT NULL,
  display_name TEXT NOT NULL, description TEXT, service_name TEXT NOT NULL, actions TEXT NOT NULL, crn TEXT NOT NULL UNIQUE,
  revision INTEGER NOT NULL, created_at INTEGER NOT NULL, created_by TEXT NOT NULL, modified_at INTEGER NOT NULL,
  modified_by TEXT NOT NULL, UNIQUE (account_id, name));
`;

// The tables every command reads come first, in a new store as in a migrated one (policies added last).
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (
  id TEXT PRIMARY KEY, owner_iam_id TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS users (
  iam_id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(id), name TEXT NOT NULL,
  email TEXT NOT NULL, role TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS service_ids (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, account_id TEXT NOT NULL,
  name TEXT NOT NULL, description TEXT, locked INTEGER NOT NULL, version INTEGER NOT NULL,
  created_at INTEGER NOT NULL, modified_at INTEGER NOT NULL, created_by TEXT NOT NULL,
  unique_instance_crns TEXT NOT NULL DEFAULT '[]', authn_count INTEGER NOT NULL DEFAULT 0, last_authn INTEGER);
CREATE INDEX IF NOT EXISTS service_ids_by_account ON service_ids (account_id, seq);
CREATE INDEX IF NOT EXISTS service_ids_by_name ON service_ids (account_id, name);
CREATE TABLE IF NOT EXISTS apikeys (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, account_id TEXT NOT NULL,
  iam_id TEXT NOT NULL, name TEXT NOT NULL, description TEXT, locked INTEGER NOT NULL,
  disabled INTEGER NOT NULL, version INTEGER NOT NULL, created_at INTEGER NOT NULL, created_by TEXT NOT NULL,
  modified_at INTEGER NOT NULL, support_sessions INTEGER NOT NULL, action_when_leaked TEXT NOT NULL,
  expires_at INTEGER, value_hash TEXT NOT NULL UNIQUE, stored_value TEXT,
  authn_count INTEGER NOT NULL DEFAULT 0, last_authn INTEGER);
CREATE INDEX IF NOT EXISTS apikeys_by_iam_id ON apikeys (iam_id, seq);
CREATE INDEX IF NOT EXISTS apikeys_by_account ON apikeys (account_id, seq);
CREATE INDEX IF NOT EXISTS apikeys_by_expiry ON apikeys (expires_at) WHERE expires_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS history (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, entity_id TEXT NOT NULL, timestamp INTEGER NOT NULL,
  iam_id TEXT NOT NULL, iam_id_account TEXT NOT NULL, action TEXT NOT NULL, params TEXT NOT NULL, message TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS history_by_entity ON history (entity_id, seq);
` + POLICY_TABLES;

/**
 * The steps that bring a store written by an older iamkeys up to SCHEMA_VERSION, by the version they start
 * from. A new store gets SCHEMA at once and runs none of them.
 */
export const MIGRATIONS: Record<number, string | ((db: BetterSqlite3.Database) => void)> = {
  // 2: a service ID's activity (IAM's include_activity), counted on every token exchange of its keys; the
  // expiry index that finds long-expired keys without reading every key.
  1: `ALTER TABLE service_ids ADD COLUMN authn_count INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE service_ids ADD COLUMN last_authn INTEGER;
      CREATE INDEX IF NOT EXISTS apikeys_by_expiry ON apikeys (expires_at) WHERE expires_at IS NOT NULL;`,
  // 3: access policies. Every administrator role and every grant of a service ID to a user becomes the equivalent
  // policy (policies/migrate-v2.ts); the grants table goes, and users.role keeps only 'owner' and 'user'.
  2: (db) => {
    db.exec(POLICY_TABLES);
    rolesAndGrantsToPolicies(db);
    db.exec('DROP TABLE IF EXISTS grants;');
  },
};
