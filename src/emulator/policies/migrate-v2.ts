// Schema 2 → 3: a store made before policies had users with the role 'admin' and grants of single service IDs
// to users. Each becomes the equivalent policy (shortcuts.ts), made by the account's owner at the time of the
// migration; then users.role keeps only 'owner' and 'user'. Runs inside the migration's transaction: all of it
// lands, or none.
import { randomUUID } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import { columns } from './engine.js';
import { targetKey, type PolicyDraft } from './shapes.js';
import { administratorDraft, serviceIdDraft } from './shortcuts.js';

export function rolesAndGrantsToPolicies(db: BetterSqlite3.Database, now: number = Date.now()): void {
  const owners = new Map((db.prepare('SELECT id, owner_iam_id FROM accounts').all() as { id: string; owner_iam_id: string }[]).map((a) => [a.id, a.owner_iam_id]));
  const insert = db.prepare(`INSERT INTO policies (id, account_id, api, type, state, subject_iam_id, subject_group_id, service_name, service_type,
    identity_scope, target_key, roles, doc, revision, created_at, created_by, modified_at, modified_by)
    VALUES (@id, @account_id, @api, @type, 'active', @subject_iam_id, @subject_group_id, @service_name, @service_type,
    @identity_scope, @target_key, @roles, @doc, 1, @t, @by, @t, @by)`);
  const add = (accountId: string, draft: PolicyDraft): void => {
    const by = owners.get(accountId) ?? 'iamkeys-migration';
    insert.run({ id: randomUUID(), account_id: accountId, ...columns(draft, targetKey(draft)), t: now, by });
  };
  for (const u of db.prepare("SELECT iam_id, account_id FROM users WHERE role = 'admin' ORDER BY created_at, iam_id").all() as { iam_id: string; account_id: string }[]) {
    add(u.account_id, administratorDraft(u.account_id, u.iam_id));
  }
  const hasGrants = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'grants'").get() !== undefined;
  const grants = !hasGrants ? [] : db.prepare(`SELECT g.user_iam_id AS iam_id, s.account_id AS account_id, s.id AS service_id
    FROM grants g JOIN service_ids s ON s.id = g.service_id ORDER BY g.user_iam_id, g.service_id`).all() as { iam_id: string; account_id: string; service_id: string }[];
  for (const g of grants) add(g.account_id, serviceIdDraft(g.account_id, g.iam_id, g.service_id));
  db.exec("UPDATE users SET role = 'user' WHERE role = 'admin'");
}
