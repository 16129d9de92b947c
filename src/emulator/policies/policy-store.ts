// The policy and custom-role tables' statements. A policy row keeps its subject, service and reach on IAM
// Identity (identity_scope: '*' for the whole service, a service ID's id for one) as columns, so that a
// decision reads the caller's rows alone (policies_by_subject), and the rest as JSON.
import type { Store } from '../store.js';
import type { PolicyRecord } from './shapes.js';

export interface PolicyRow {
  seq: number; id: string; account_id: string; api: number; type: string; state: string;
  subject_iam_id: string | null; subject_group_id: string | null; service_name: string | null; service_type: string | null;
  identity_scope: string | null; target_key: string; roles: string; doc: string; revision: number;
  created_at: number; created_by: string; modified_at: number; modified_by: string;
}

export interface CustomRoleRow {
  seq: number; id: string; account_id: string; name: string; display_name: string; description: string | null;
  service_name: string; actions: string; crn: string; revision: number;
  created_at: number; created_by: string; modified_at: number; modified_by: string;
}

/** What an access decision reads of one of the caller's policies. */
export interface GrantRow { identity_scope: string; roles: string }

export const toRecord = (r: PolicyRow): PolicyRecord => ({
  id: r.id, api: r.api, type: r.type as PolicyRecord['type'], state: r.state as PolicyRecord['state'],
  roles: JSON.parse(r.roles) as string[], doc: JSON.parse(r.doc) as Record<string, unknown>,
  created_at: r.created_at, created_by: r.created_by, modified_at: r.modified_at, modified_by: r.modified_by,
});

export class PolicyStore {
  constructor(readonly store: Store) {}

  policy(id: string): PolicyRow | undefined {
    return this.store.stmt('SELECT * FROM policies WHERE id = ?').get(id) as PolicyRow | undefined;
  }

  /** Every policy of an account (listings, which IBM filters by what the caller may read). */
  policiesOf(accountId: string): PolicyRow[] {
    return this.store.stmt('SELECT * FROM policies WHERE account_id = ? ORDER BY seq').all(accountId) as PolicyRow[];
  }

  /** Every policy of one subject in an account (listings filtered by iam_id read through the subject index). */
  policiesOfSubject(accountId: string, iamId: string): PolicyRow[] {
    return this.store.stmt('SELECT * FROM policies WHERE subject_iam_id = ? AND account_id = ? ORDER BY seq').all(iamId, accountId) as PolicyRow[];
  }

  /** The active policies of one subject: the caller's own, for what they may do. */
  activeOfSubject(iamId: string): PolicyRow[] {
    return this.store.stmt("SELECT * FROM policies WHERE subject_iam_id = ? AND state = 'active' ORDER BY seq").all(iamId) as PolicyRow[];
  }

  /** The caller's active policies that reach IAM Identity: all an IAM Identity decision reads. */
  identityGrantsOf(iamId: string): GrantRow[] {
    return this.store.stmt("SELECT identity_scope, roles FROM policies WHERE subject_iam_id = ? AND state = 'active' AND identity_scope IS NOT NULL")
      .all(iamId) as GrantRow[];
  }

  activeWithTarget(accountId: string, key: string): PolicyRow | undefined {
    return this.store.stmt("SELECT * FROM policies WHERE account_id = ? AND target_key = ? AND state = 'active' LIMIT 1").get(accountId, key) as PolicyRow | undefined;
  }

  countActive(accountId: string, iamId?: string): number {
    const row = iamId === undefined
      ? this.store.stmt("SELECT count(*) AS n FROM policies WHERE account_id = ? AND state = 'active'").get(accountId)
      : this.store.stmt("SELECT count(*) AS n FROM policies WHERE subject_iam_id = ? AND state = 'active' AND account_id = ?").get(iamId, accountId);
    return (row as { n: number }).n;
  }

  insert(row: Omit<PolicyRow, 'seq'>): void {
    this.store.stmt(`INSERT INTO policies (id, account_id, api, type, state, subject_iam_id, subject_group_id, service_name, service_type,
      identity_scope, target_key, roles, doc, revision, created_at, created_by, modified_at, modified_by)
      VALUES (@id, @account_id, @api, @type, @state, @subject_iam_id, @subject_group_id, @service_name, @service_type,
      @identity_scope, @target_key, @roles, @doc, @revision, @created_at, @created_by, @modified_at, @modified_by)`).run(row);
  }

  update(row: PolicyRow): void {
    this.store.stmt(`UPDATE policies SET api = @api, type = @type, state = @state, subject_iam_id = @subject_iam_id,
      subject_group_id = @subject_group_id, service_name = @service_name, service_type = @service_type,
      identity_scope = @identity_scope, target_key = @target_key, roles = @roles, doc = @doc, revision = @revision,
      modified_at = @modified_at, modified_by = @modified_by WHERE id = @id`).run(row);
  }

  /** A deleted service ID's policies: those it was the subject of, and those on it alone. */
  deleteOfServiceId(serviceId: string): void {
    this.store.stmt('DELETE FROM policies WHERE subject_iam_id = ?').run(`iam-${serviceId}`);
    this.store.stmt('DELETE FROM policies WHERE identity_scope = ?').run(serviceId);
  }

  // --- custom roles ---

  customRole(id: string): CustomRoleRow | undefined {
    return this.store.stmt('SELECT * FROM custom_roles WHERE id = ?').get(id) as CustomRoleRow | undefined;
  }

  customRoleByCrn(crn: string): CustomRoleRow | undefined {
    return this.store.stmt('SELECT * FROM custom_roles WHERE crn = ?').get(crn) as CustomRoleRow | undefined;
  }

  customRoleByName(accountId: string, name: string): CustomRoleRow | undefined {
    return this.store.stmt('SELECT * FROM custom_roles WHERE account_id = ? AND name = ?').get(accountId, name) as CustomRoleRow | undefined;
  }

  customRolesOf(accountId: string): CustomRoleRow[] {
    return this.store.stmt('SELECT * FROM custom_roles WHERE account_id = ? ORDER BY seq').all(accountId) as CustomRoleRow[];
  }

  insertCustomRole(row: Omit<CustomRoleRow, 'seq'>): void {
    this.store.stmt(`INSERT INTO custom_roles (id, account_id, name, display_name, description, service_name, actions, crn, revision,
      created_at, created_by, modified_at, modified_by) VALUES (@id, @account_id, @name, @display_name, @description, @service_name,
      @actions, @crn, @revision, @created_at, @created_by, @modified_at, @modified_by)`).run(row);
  }

  updateCustomRole(row: CustomRoleRow): void {
    this.store.stmt(`UPDATE custom_roles SET display_name = @display_name, description = @description, actions = @actions,
      revision = @revision, modified_at = @modified_at, modified_by = @modified_by WHERE id = @id`).run(row);
  }

  deleteCustomRole(id: string): void {
    this.store.stmt('DELETE FROM custom_roles WHERE id = ?').run(id);
  }
}
