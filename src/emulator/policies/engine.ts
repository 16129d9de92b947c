// The policy engine: IAM Policy Management's rules for access policies, one transaction an operation, checks
// in this order: the policy exists (404) → the caller may read or write it (403) → its subject is not a locked
// service ID (409) → If-Match (412) → the body (400) → its roles exist for its service (400) → no identical
// active policy (409) → the limits (422) → apply.
//
// Who may write a policy: the account owner; else the caller needs iam.policy.create/update/delete on the
// policy's target (Administrator there), where the creator of a service ID counts as Administrator on that
// service ID; nobody writes a policy whose subject is themselves (no one raises their own access); and a
// policy that gives a user apikey.manage on the whole of IAM Identity (an administrator of users' keys) is the
// owner's alone to write, as making or unmaking administrators was before policies.
import { randomUUID } from 'node:crypto';
import { entityTag } from '../entities.js';
import type { PolicyRole, PolicyState } from '../../wire/policies.js';
import { ATTR, POLICY_LIMITS } from '../../wire/policies.js';
import type { Principal } from '../access.js';
import { ACTION, allowsOnServiceId, isCreator } from '../access.js';
import type { Engine } from '../engine.js';
import type { Store } from '../store.js';
import { actionsOfRole, actionsOn, identityScope, IDENTITY, resourceOf as resourceAttrs, WHOLE_SERVICE } from './authority.js';
import { knownRole, roleFitsService, serviceRoles, systemRoles } from './catalogue.js';
import { PolicyError, accessDenied, ifMatchFailed, invalidBody, policyConflict, policyNotFound, quotaExceeded, subjectLocked } from './errors.js';
import { PolicyStore, toRecord, type PolicyRow } from './policy-store.js';
import { disableKeysMadeByOthers } from './promotion.js';
import { attrValue, targetKey, toV2, type PolicyDraft } from './shapes.js';

/** A policy's ETag: `<revision>-<32 hex>`, as IAM's entity tags are. */
export const policyEtag = (r: Pick<PolicyRow, 'id' | 'revision'>): string => entityTag(r.id, r.revision);

type Op = 'create' | 'update' | 'delete';

export class PolicyEngine {
  readonly ps: PolicyStore;

  constructor(readonly engine: Engine) {
    this.ps = new PolicyStore(engine.store);
  }

  get store(): Store {
    return this.engine.store;
  }

  /** The role as answers show it: the catalogue's or the account's custom role's names. */
  roleShown(crn: string): PolicyRole {
    const known = knownRole(crn);
    if (known) return { role_id: crn, display_name: known.display_name, description: known.description };
    const custom = crn.includes('::customRole:') ? this.ps.customRoleByCrn(crn) : undefined;
    if (custom) return { role_id: crn, display_name: custom.display_name, ...(custom.description ? { description: custom.description } : {}) };
    return { role_id: crn };
  }

  // --- reading ---

  /** A policy p may read (404 when it is not of p's account, 403 when p may not read it). */
  readable(p: Principal, id: string): PolicyRow {
    return this.store.read(() => {
      const row = this.ps.policy(id);
      if (!row || row.account_id !== p.account_id) throw policyNotFound(id);
      if (!this.mayRead(p, row, this.ps.activeOfSubject(p.iam_id))) throw accessDenied('iam.policy.read', p.iam_id, `a/${row.account_id}::policy:${id}`);
      return row;
    });
  }

  /**
   * Whether p may read a policy: the owner; its subject; whoever may view the service ID it is given to; and
   * whoever holds iam.policy.read where it applies.
   */
  mayRead(p: Principal, row: PolicyRow, mine: PolicyRow[]): boolean {
    if (p.role === 'owner' || row.subject_iam_id === p.iam_id) return true;
    if (row.subject_iam_id?.startsWith('iam-ServiceId-')) {
      const sid = this.store.serviceIdHead(row.subject_iam_id.slice(4));
      if (sid && allowsOnServiceId(this.store, p, ACTION.serviceIdGet, sid)) return true;
    }
    return actionsOn(this.ps, mine, resourceAttrs(row)).has('iam.policy.read');
  }

  // --- writing ---

  create(p: Principal, draft: PolicyDraft): PolicyRow {
    return this.store.write(() => {
      this.authorize(p, 'create', draft);
      this.checkRoles(draft);
      const key = targetKey(draft);
      const same = this.ps.activeWithTarget(p.account_id, key);
      if (same) throw this.conflict(same);
      const subject = subjectIamId(draft);
      this.checkLimits(p.account_id, subject);
      const t = this.engine.now();
      const row: Omit<PolicyRow, 'seq'> = {
        id: randomUUID(), account_id: p.account_id, state: 'active', revision: 1,
        created_at: t, created_by: p.iam_id, modified_at: t, modified_by: p.iam_id, ...columns(draft, key),
      };
      this.ps.insert(row);
      this.afterWrite(p, row);
      return this.ps.policy(row.id)!;
    });
  }

  replace(p: Principal, id: string, ifMatch: string | undefined, draft: PolicyDraft): PolicyRow {
    return this.store.write(() => {
      const row = this.existing(p, id);
      if (draft.type !== row.type) throw invalidBody(`The type of a policy cannot change (it is '${row.type}').`);
      this.authorize(p, 'update', this.draftOf(row));
      this.authorize(p, 'update', draft);
      checkIfMatch(row, ifMatch);
      this.checkRoles(draft);
      const key = targetKey(draft);
      const same = this.ps.activeWithTarget(p.account_id, key);
      if (same && same.id !== id) throw this.conflict(same);
      const subject = subjectIamId(draft);
      if (row.state === 'active' && subject !== row.subject_iam_id) this.checkLimits(p.account_id, subject, true);
      const next: PolicyRow = { ...row, ...columns(draft, key), revision: row.revision + 1, modified_at: this.engine.now(), modified_by: p.iam_id };
      this.ps.update(next);
      this.afterWrite(p, next);
      return next;
    });
  }

  /** PATCH {state}: `active` restores a deleted policy (a no-op on an active one); `deleted` deletes it. */
  setState(p: Principal, id: string, ifMatch: string | undefined, state: unknown): PolicyRow {
    if (state !== 'active' && state !== 'deleted') throw invalidBody(`Invalid value for state: '${String(state).slice(0, 40)}'. Valid values are: active, deleted.`);
    return this.store.write(() => {
      const row = this.existing(p, id, true);
      this.authorize(p, state === 'active' ? 'create' : 'delete', this.draftOf(row));
      checkIfMatch(row, ifMatch);
      if (row.state === state) return row;
      if (state === 'active') {
        const same = this.ps.activeWithTarget(p.account_id, row.target_key);
        if (same) throw this.conflict(same);
        this.checkLimits(p.account_id, row.subject_iam_id ?? undefined);
      }
      const next: PolicyRow = { ...row, state: state as PolicyState, revision: row.revision + 1, modified_at: this.engine.now(), modified_by: p.iam_id };
      this.ps.update(next);
      if (state === 'active') this.afterWrite(p, next);
      return next;
    });
  }

  /** DELETE: a soft delete (state `deleted`), which PATCH {state: active} undoes. */
  delete(p: Principal, id: string): void {
    this.store.write(() => {
      const row = this.existing(p, id);
      this.authorize(p, 'delete', this.draftOf(row));
      this.ps.update({ ...row, state: 'deleted', revision: row.revision + 1, modified_at: this.engine.now(), modified_by: p.iam_id });
    });
  }

  /**
   * Writes a policy for the local IAM's own shortcuts (user-role, service-id-grant): the caller's right is
   * theirs to check; an identical active policy gets the role added instead of a conflict.
   */
  grant(p: Principal, draft: PolicyDraft): void {
    const key = targetKey(draft);
    const same = this.ps.activeWithTarget(p.account_id, key);
    const t = this.engine.now();
    if (same) {
      const roles = JSON.parse(same.roles) as string[];
      if (draft.roles.every((r) => roles.includes(r))) return;
      const merged = [...roles, ...draft.roles.filter((r) => !roles.includes(r))];
      const doc = JSON.parse(same.doc) as Record<string, unknown>;
      this.ps.update({ ...same, roles: JSON.stringify(merged), doc: JSON.stringify(doc), revision: same.revision + 1, modified_at: t, modified_by: p.iam_id });
      this.afterWrite(p, this.ps.policy(same.id)!);
      return;
    }
    this.checkLimits(p.account_id, subjectIamId(draft));
    const row: Omit<PolicyRow, 'seq'> = {
      id: randomUUID(), account_id: p.account_id, state: 'active', revision: 1, created_at: t, created_by: p.iam_id, modified_at: t, modified_by: p.iam_id,
      ...columns(draft, key),
    };
    this.ps.insert(row);
    this.afterWrite(p, row);
  }

  /** Soft-deletes the given active policies (the shortcuts' revoke). */
  retire(p: Principal, rows: PolicyRow[]): void {
    const t = this.engine.now();
    for (const row of rows) this.ps.update({ ...row, state: 'deleted', revision: row.revision + 1, modified_at: t, modified_by: p.iam_id });
  }

  // --- rules ---

  private existing(p: Principal, id: string, anyState = false): PolicyRow {
    const row = this.ps.policy(id);
    if (!row || row.account_id !== p.account_id || (!anyState && row.state !== 'active')) throw policyNotFound(id);
    return row;
  }

  private draftOf(row: PolicyRow): Pick<PolicyDraft, 'subject' | 'resource' | 'roles'> {
    return {
      subject: row.subject_iam_id ? [{ name: ATTR.iamId, value: row.subject_iam_id }] : [],
      resource: resourceAttrs(row),
      roles: JSON.parse(row.roles) as string[],
    };
  }

  private authorize(p: Principal, op: Op, d: Pick<PolicyDraft, 'subject' | 'resource' | 'roles'>): void {
    const account = attrValue(d.resource, ATTR.accountId);
    const resource = `a/${account ?? p.account_id}`;
    if (account !== undefined && account !== p.account_id) throw accessDenied(`iam.policy.${op}`, p.iam_id, resource);
    const subject = attrValue(d.subject, ATTR.iamId);
    const sid = subject?.startsWith('iam-ServiceId-') ? this.store.serviceIdHead(subject.slice(4)) : undefined;
    if (sid) {
      const row = this.store.serviceId(sid.id);
      if (row?.locked) throw subjectLocked(sid.id);
    }
    if (p.role === 'owner') return;
    const target = describe(d.resource, account ?? p.account_id);
    if (subject === p.iam_id) throw accessDenied(`iam.policy.${op}`, p.iam_id, target);
    if (subject && !subject.startsWith('iam-ServiceId-') && this.grantsKeyManagement(d)) throw accessDenied(`iam.policy.${op}`, p.iam_id, target);
    const scope = identityScope(d.resource);
    if (scope && scope !== WHOLE_SERVICE) {
      const on = this.store.serviceIdHead(scope);
      if (on && on.account_id === p.account_id && isCreator(p, on)) return;
    }
    if (!actionsOn(this.ps, this.ps.activeOfSubject(p.iam_id), d.resource).has(`iam.policy.${op}`)) throw accessDenied(`iam.policy.${op}`, p.iam_id, target);
  }

  /** Whether a policy gives apikey.manage on the whole of IAM Identity. */
  private grantsKeyManagement(d: Pick<PolicyDraft, 'resource' | 'roles'>): boolean {
    if (identityScope(d.resource) !== WHOLE_SERVICE) return false;
    return d.roles.some((crn) => actionsOfRole(this.ps, crn, IDENTITY).includes(ACTION.keyManage));
  }

  private checkRoles(d: PolicyDraft): void {
    const service = attrValue(d.resource, ATTR.serviceName);
    for (const crn of d.roles) {
      if (knownRole(crn) ? roleFitsService(crn, service) || d.type === 'authorization' : this.customRoleFits(crn, service)) continue;
      const valid = service ? [...systemRoles(), ...serviceRoles(service)] : systemRoles();
      const custom = this.ps.customRolesOf(attrValue(d.resource, ATTR.accountId) ?? '').filter((r) => r.service_name === service);
      const names = [...valid.map((r) => r.display_name), ...custom.map((r) => r.display_name)];
      throw invalidBody(`Role with CRN '${crn.slice(0, 200)}' was not found${service ? ` for service '${service}'` : ''}. Valid roles are ${names.join(', ')}.`);
    }
  }

  private customRoleFits(crn: string, service: string | undefined): boolean {
    const custom = crn.includes('::customRole:') ? this.ps.customRoleByCrn(crn) : undefined;
    return custom !== undefined && custom.service_name === service;
  }

  private checkLimits(accountId: string, subject: string | undefined, moving = false): void {
    if (!moving && this.ps.countActive(accountId) >= POLICY_LIMITS.perAccount) {
      throw quotaExceeded(`The account has ${POLICY_LIMITS.perAccount} policies, the most it may have.`);
    }
    if (subject && this.ps.countActive(accountId, subject) >= POLICY_LIMITS.perSubject) {
      throw quotaExceeded(`The subject has ${POLICY_LIMITS.perSubject} policies in the account, the most it may have.`);
    }
  }

  private conflict(same: PolicyRow): PolicyError {
    return policyConflict(same.id, policyEtag(same), toV2(toRecord(same), 'https://iam.cloud.ibm.com'));
  }

  private afterWrite(p: Principal, row: Omit<PolicyRow, 'seq'>): void {
    const subject = row.subject_iam_id;
    if (!subject || subject.startsWith('iam-ServiceId-') || row.identity_scope !== WHOLE_SERVICE) return;
    if (!(JSON.parse(row.roles) as string[]).some((crn) => actionsOfRole(this.ps, crn, IDENTITY).includes(ACTION.keyManage))) return;
    disableKeysMadeByOthers(this.store, p, subject, this.engine.now());
  }
}

function checkIfMatch(row: PolicyRow, ifMatch: string | undefined): void {
  const given = ifMatch?.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
  if (!given) throw ifMatchFailed(row.id, true);
  if (given !== '*' && given !== policyEtag(row)) throw ifMatchFailed(row.id, false);
}

const subjectIamId = (d: Pick<PolicyDraft, 'subject'>): string | undefined => attrValue(d.subject, ATTR.iamId);

/** A resource as IBM's refusals name it: a/<account> and its attributes. */
function describe(resource: PolicyDraft['resource'], account: string): string {
  const rest = resource.filter((a) => a.name !== ATTR.accountId).map((a) => `${a.name}:${a.value}`);
  return [`a/${account}`, ...rest].join('::');
}

/** A policy row's columns that come from its body. */
export function columns(d: PolicyDraft, key: string): Omit<PolicyRow, 'seq' | 'id' | 'account_id' | 'state' | 'revision' | 'created_at' | 'created_by' | 'modified_at' | 'modified_by'> {
  const service = attrValue(d.resource, ATTR.serviceName) ?? null;
  return {
    api: d.api, type: d.type,
    subject_iam_id: attrValue(d.subject, ATTR.iamId) ?? null,
    subject_group_id: attrValue(d.subject, ATTR.accessGroupId) ?? null,
    service_name: service,
    service_type: attrValue(d.resource, ATTR.serviceType) ?? null,
    // Only access policies grant access; an authorization policy's subject is a service, not an identity.
    identity_scope: d.type === 'access' ? identityScope(d.resource) ?? null : null,
    target_key: key, roles: JSON.stringify(d.roles), doc: JSON.stringify(d.doc),
  };
}
