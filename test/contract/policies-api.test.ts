// The local IAM's Policy Management API on both transports (the handler called in-process, as local mode does,
// and `serve` over HTTP): IBM's status codes, headers and error bodies; conflicts, If-Match, soft delete and
// restore, paging and filters, locked and deleted service IDs, the limits, the role catalogue and custom roles,
// and who may write a policy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userPrincipal } from '../../src/emulator/local-account.js';
import { POLICY_IF_MATCH_REFUSAL, POLICY_LIMITS, V1_PLACEHOLDER } from '../../src/wire/policies.js';
import type { LocalUser } from '../../src/wire/identities.js';
import type { ServiceId } from '../../src/wire/types.js';
import { startTestIam, type TestIam } from '../remote/iam-server.js';

const ETAG = /^\d+-[0-9a-f]{32}$/;
const ROLE = (name: string) => `crn:v1:bluemix:public:iam::::role:${name}`;

interface Answer { status: number; body: any; etag?: string }

describe.each(['in-process', 'http'] as const)('the Policy Management API over %s', (transport) => {
  let iam: TestIam;
  let account: string;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};

  async function call(as: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const h: Record<string, string> = { authorization: `Bearer ${tokens[as]}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers };
    const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    if (transport === 'in-process') {
      const r = iam.handler.handle({ method, url: path, headers: Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v])), body: text });
      return { status: r.status, body: r.body ? JSON.parse(r.body) : undefined, ...(r.headers.etag ? { etag: r.headers.etag } : {}) };
    }
    const r = await fetch(`${iam.url}${path}`, { method, headers: h, ...(text ? { body: text } : {}) });
    const raw = await r.text();
    return { status: r.status, body: raw ? JSON.parse(raw) : undefined, ...(r.headers.get('etag') ? { etag: r.headers.get('etag')! } : {}) };
  }

  const v1 = (subject: string, role: string, attrs: [string, string][]) => ({
    type: 'access', subjects: [{ attributes: [{ name: 'iam_id', value: subject }] }], roles: [{ role_id: ROLE(role) }],
    resources: [{ attributes: [['accountId', account], ...attrs].map(([name, value]) => ({ name, value, operator: 'stringEquals' })) }],
  });

  async function user(name: string): Promise<string> {
    const r = await call('owner', 'POST', '/v1/iamkeys/users', { name: `${name}-${transport}`, email: `${name}-${transport}@example.com` });
    expect(r.status).toBe(201);
    const iamId = (r.body as LocalUser).iam_id;
    tokens[name] = iam.handler.mintToken(userPrincipal(iam.store.user(iamId)!));
    ids[name] = iamId;
    return iamId;
  }

  async function serviceId(as: string, name: string): Promise<ServiceId> {
    const r = await call(as, 'POST', '/v1/serviceids', { account_id: account, name });
    expect(r.status).toBe(201);
    return r.body as ServiceId;
  }

  beforeAll(async () => {
    iam = await startTestIam();
    account = iam.account.accountId;
    tokens.owner = iam.handler.mintToken(iam.account.owner);
    ids.owner = iam.account.owner.iam_id;
    for (const name of ['admin', 'alice', 'bob', 'carol']) await user(name);
    expect((await call('owner', 'POST', '/v1/policies', v1(ids.admin!, 'Administrator', [['serviceName', 'iam-identity']]))).status).toBe(201);
  });

  afterAll(async () => {
    await iam?.close();
  });

  it('creates (201 + ETag), reads (200 + the same ETag) and answers IBM\'s v1 object', async () => {
    const c = await call('owner', 'POST', '/v1/policies', v1('IBMid-nobody1', 'Viewer', [['serviceName', 'container-registry'], ['region', 'us-south']]));
    expect(c.status).toBe(201);
    expect(c.etag).toMatch(/^1-[0-9a-f]{32}$/);
    expect(c.body).toMatchObject({
      type: 'access', state: 'active', created_by_id: ids.owner, last_modified_by_id: ids.owner,
      roles: [{ role_id: ROLE('Viewer'), display_name: 'Viewer' }],
    });
    expect(c.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(c.body.href).toMatch(new RegExp(`/v1/policies/${c.body.id}$`));
    expect(c.body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const g = await call('owner', 'GET', `/v1/policies/${c.body.id}`);
    expect(g.status).toBe(200);
    expect(g.etag).toBe(c.etag);
    expect(g.body).toEqual(c.body);
    const v2 = await call('owner', 'GET', `/v2/policies/${c.body.id}`);
    expect(v2.body.subject).toEqual({ attributes: [{ key: 'iam_id', operator: 'stringEquals', value: 'IBMid-nobody1' }] });
    expect(v2.body.control).toEqual({ grant: { roles: [{ role_id: ROLE('Viewer') }] } });
  });

  it('an identical subject and resource is a 409 policy_conflict_error naming the existing policy, whatever the roles', async () => {
    const body = v1('IBMid-nobody2', 'Viewer', [['serviceName', 'kms']]);
    const first = await call('owner', 'POST', '/v1/policies', body);
    const again = await call('owner', 'POST', '/v1/policies', { ...body, roles: [{ role_id: ROLE('Editor') }] });
    expect(again.status).toBe(409);
    expect(again.body.status_code).toBe(409);
    expect(again.body.trace).toEqual(expect.any(String));
    expect(again.body.errors[0].code).toBe('policy_conflict_error');
    expect(again.body.errors[0].message).toContain(`Please update the roles in the existing policy (${first.body.id})`);
    expect(again.body.errors[0].details.conflicts_with.etag).toBe(first.etag);
    expect(again.body.errors[0].details.conflicts_with.policy.id).toBe(first.body.id);
    // A v2 create of the same access conflicts too; once the first is deleted, it no longer does.
    const v2body = { type: 'access', control: { grant: { roles: [{ role_id: ROLE('Viewer') }] } },
      subject: { attributes: [{ key: 'iam_id', operator: 'stringEquals', value: 'IBMid-nobody2' }] },
      resource: { attributes: [{ key: 'accountId', operator: 'stringEquals', value: account }, { key: 'serviceName', operator: 'stringEquals', value: 'kms' }] } };
    expect((await call('owner', 'POST', '/v2/policies', v2body)).status).toBe(409);
    expect((await call('owner', 'DELETE', `/v1/policies/${first.body.id}`)).status).toBe(204);
    expect((await call('owner', 'POST', '/v2/policies', v2body)).status).toBe(201);
  });

  it(`PUT and PATCH need the current If-Match: missing or stale is ${POLICY_IF_MATCH_REFUSAL.status}, and nothing changes`, async () => {
    const c = await call('owner', 'POST', '/v1/policies', v1('IBMid-nobody3', 'Viewer', [['serviceName', 'is']]));
    const replaced = v1('IBMid-nobody3', 'Editor', [['serviceName', 'is']]);
    const missing = await call('owner', 'PUT', `/v1/policies/${c.body.id}`, replaced);
    expect(missing.status).toBe(POLICY_IF_MATCH_REFUSAL.status);
    expect(missing.body.errors[0].code).toBe(POLICY_IF_MATCH_REFUSAL.code);
    const stale = await call('owner', 'PUT', `/v1/policies/${c.body.id}`, replaced, { 'if-match': '1-00000000000000000000000000000000' });
    expect(stale.status).toBe(POLICY_IF_MATCH_REFUSAL.status);
    expect((await call('owner', 'PATCH', `/v1/policies/${c.body.id}`, { state: 'active' })).status).toBe(POLICY_IF_MATCH_REFUSAL.status);
    expect((await call('owner', 'GET', `/v1/policies/${c.body.id}`)).etag).toBe(c.etag);
    const ok = await call('owner', 'PUT', `/v1/policies/${c.body.id}`, replaced, { 'if-match': c.etag! });
    expect(ok.status).toBe(200);
    expect(ok.etag).toMatch(/^2-/);
    expect(ok.body.roles[0].role_id).toBe(ROLE('Editor'));
    const wrongType = await call('owner', 'PUT', `/v1/policies/${c.body.id}`, { ...replaced, type: 'authorization' }, { 'if-match': ok.etag! });
    expect(wrongType.status).toBe(400);
  });

  it('DELETE is a soft delete (204, state deleted, out of default lists); PATCH state active restores it', async () => {
    const c = await call('owner', 'POST', '/v1/policies', v1('IBMid-nobody4', 'Viewer', [['serviceName', 'codeengine']]));
    expect((await call('owner', 'DELETE', `/v1/policies/${c.body.id}`)).status).toBe(204);
    const g = await call('owner', 'GET', `/v1/policies/${c.body.id}`);
    expect(g.body.state).toBe('deleted');
    const listed = async (state?: string) => (await call('owner', 'GET', `/v1/policies?account_id=${account}&iam_id=IBMid-nobody4${state ? `&state=${state}` : ''}`)).body.policies.map((p: { id: string }) => p.id);
    expect(await listed()).toEqual([]);
    expect(await listed('deleted')).toEqual([c.body.id]);
    expect((await call('owner', 'DELETE', `/v1/policies/${c.body.id}`)).status).toBe(404);
    const restored = await call('owner', 'PATCH', `/v1/policies/${c.body.id}`, { state: 'active' }, { 'if-match': g.etag! });
    expect(restored.status).toBe(200);
    expect(restored.body.state).toBe('active');
    expect(await listed()).toEqual([c.body.id]);
  });

  it('lists page by limit and start (next.start fed back), filter by subject, type, service and sort', async () => {
    const made: string[] = [];
    for (const svc of ['satellite', 'kms', 'is', 'codeengine', 'cloud-object-storage', 'container-registry', 'secrets-manager']) {
      made.push((await call('owner', 'POST', '/v1/policies', v1('IBMid-pager', 'Viewer', [['serviceName', svc]]))).body.id);
    }
    const seen: string[] = [];
    let url = `/v1/policies?account_id=${account}&iam_id=IBMid-pager&limit=3`;
    for (let page = 0; page < 5; page++) {
      const r = await call('owner', 'GET', url);
      expect(r.status).toBe(200);
      expect(r.body.limit).toBe(3);
      expect(r.body.first.href).toContain('/v1/policies?');
      seen.push(...r.body.policies.map((p: { id: string }) => p.id));
      if (!r.body.next) break;
      expect(r.body.next.href).toContain(`start=${r.body.next.start}`);
      url = `/v1/policies?account_id=${account}&iam_id=IBMid-pager&limit=3&start=${r.body.next.start}`;
    }
    expect(seen).toEqual(made);
    const sorted = await call('owner', 'GET', `/v1/policies?account_id=${account}&iam_id=IBMid-pager&sort=-id&limit=100`);
    expect(sorted.body.policies.map((p: { id: string }) => p.id)).toEqual([...made].sort().reverse());
    const kms = await call('owner', 'GET', `/v2/policies?account_id=${account}&iam_id=IBMid-pager&service_name=kms`);
    expect(kms.body.policies).toHaveLength(1);
    expect((await call('owner', 'GET', `/v1/policies?account_id=${account}&iam_id=IBMid-pager&type=authorization`)).body.policies).toEqual([]);
    expect((await call('owner', 'GET', `/v1/policies?account_id=${account}&limit=0`)).status).toBe(400);
    expect((await call('owner', 'GET', `/v1/policies?account_id=${account}&state=gone`)).status).toBe(400);
    const noAccount = await call('owner', 'GET', '/v1/policies');
    expect(noAccount.status).toBe(400);
    expect(noAccount.body.errors[0].code).toBe('missing_required_query_parameter');
    expect((await call('owner', 'GET', '/v1/policies?account_id=0123456789abcdef0123456789abcdef')).status).toBe(403);
  });

  it('GET /v1/policies shows a v2 policy as IBM\'s placeholder', async () => {
    const c = await call('owner', 'POST', '/v2/policies', {
      type: 'access', control: { grant: { roles: [{ role_id: ROLE('Viewer') }] } },
      subject: { attributes: [{ key: 'iam_id', operator: 'stringEquals', value: 'IBMid-v2only' }] },
      resource: { attributes: [{ key: 'accountId', operator: 'stringEquals', value: account }, { key: 'serviceType', operator: 'stringEquals', value: 'service' }] },
    });
    expect(c.status).toBe(201);
    const l = await call('owner', 'GET', `/v1/policies?account_id=${account}&iam_id=IBMid-v2only`);
    expect(l.body.policies).toHaveLength(1);
    expect(l.body.policies[0]).toMatchObject({
      id: c.body.id, description: V1_PLACEHOLDER.description, roles: [{ role_id: V1_PLACEHOLDER.roleCrn }],
      subjects: [{ attributes: [{ name: 'iam_id', value: 'unsupported version' }] }],
    });
    expect(l.body.policies[0].href).toContain(`/v2/policies/${c.body.id}`);
  });

  it('bad bodies are 400 invalid_body in IBM\'s words; unknown roles and roles of another service are refused', async () => {
    const dup = v1('IBMid-bad', 'Viewer', [['serviceName', 'kms']]);
    dup.resources[0]!.attributes.push({ name: 'accountId', value: account, operator: 'stringEquals' });
    const d = await call('owner', 'POST', '/v1/policies', dup);
    expect(d.status).toBe(400);
    expect(d.body.errors[0]).toEqual({ code: 'invalid_body', message: 'The following resource attribute(s) had multiple entries: accountId' });
    const unknown = await call('owner', 'POST', '/v1/policies', { ...v1('IBMid-bad', 'Viewer', [['serviceName', 'kms']]), roles: [{ role_id: 'crn:v1:bluemix:public:iam::::role:Superuser' }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].message).toMatch(/was not found for service 'kms'\. Valid roles are Viewer, Operator, Editor, Administrator, Reader, Writer, Manager, ReaderPlus/);
    const other = await call('owner', 'POST', '/v1/policies', { ...v1('IBMid-bad', 'Viewer', [['serviceName', 'kms']]), roles: [{ role_id: 'crn:v1:bluemix:public:iam-identity::::serviceRole:ServiceIdCreator' }] });
    expect(other.status).toBe(400);
    expect((await call('owner', 'POST', '/v1/policies', { ...dup, resources: [] })).status).toBe(400);
    expect((await call('owner', 'POST', '/v1/policies', '{not json')).status).toBe(400);
    const noAnchor = await call('owner', 'POST', '/v1/policies', v1('IBMid-bad', 'Viewer', [['region', 'us-south']]));
    expect(noAnchor.status).toBe(400);
    const nf = await call('owner', 'GET', '/v1/policies/00000000-0000-4000-8000-000000000000');
    expect(nf.status).toBe(404);
    expect(nf.body).toEqual({ trace: expect.any(String), errors: [{ code: 'policy_not_found', message: 'Policy with Id 00000000-0000-4000-8000-000000000000 not found.' }], status_code: 404 });
  });

  it("a locked service ID's policies cannot be created, changed or deleted (409); a deleted one's go with it", async () => {
    const sid = await serviceId('owner', `locked-${transport}`);
    const body = v1(sid.iam_id, 'Viewer', [['serviceName', 'kms']]);
    const c = await call('owner', 'POST', '/v1/policies', body);
    expect(c.status).toBe(201);
    expect((await call('owner', 'POST', `/v1/serviceids/${sid.id}/lock`)).status).toBe(204);
    const refused = [
      await call('owner', 'POST', '/v1/policies', v1(sid.iam_id, 'Viewer', [['serviceName', 'is']])),
      await call('owner', 'PUT', `/v1/policies/${c.body.id}`, body, { 'if-match': c.etag! }),
      await call('owner', 'DELETE', `/v1/policies/${c.body.id}`),
    ];
    for (const r of refused) {
      expect(r.status).toBe(409);
      expect(r.body.errors[0].message).toContain(`service ID '${sid.id}'`);
    }
    expect((await call('owner', 'GET', `/v1/policies/${c.body.id}`)).etag).toBe(c.etag);
    expect((await call('owner', 'DELETE', `/v1/serviceids/${sid.id}/lock`)).status).toBe(204);
    const on = await call('owner', 'POST', '/v1/policies', v1('IBMid-someone', 'Operator', [['serviceName', 'iam-identity'], ['resourceType', 'serviceid'], ['resource', sid.id]]));
    expect(on.status).toBe(201);
    expect((await call('owner', 'DELETE', `/v1/serviceids/${sid.id}`)).status).toBe(204);
    expect((await call('owner', 'GET', `/v1/policies/${c.body.id}`)).status).toBe(404);
    expect((await call('owner', 'GET', `/v1/policies/${on.body.id}`)).status).toBe(404);
  });

  it(`over ${POLICY_LIMITS.perSubject} policies for one subject is a 422`, async () => {
    const subject = `IBMid-limit-${transport}`;
    const pe = (iam.handler as unknown as { policies: { engine: { create: (p: unknown, d: unknown) => unknown } } }).policies.engine;
    const { draftV1 } = await import('../../src/emulator/policies/shapes.js');
    for (let i = 0; i < POLICY_LIMITS.perSubject; i++) {
      pe.create(iam.account.owner, draftV1(v1(subject, 'Viewer', [['serviceName', 'kms'], ['serviceInstance', `i-${i}`]]) as never));
    }
    const over = await call('owner', 'POST', '/v1/policies', v1(subject, 'Viewer', [['serviceName', 'kms'], ['serviceInstance', 'one-more']]));
    expect(over.status).toBe(422);
    expect(over.body.errors[0].message).toBe('Exceeded maximum policies quota error');
  });

  describe('who may write a policy', () => {
    it('a user without a policy may not (403, the action and resource named); nor for themselves', async () => {
      const r = await call('alice', 'POST', '/v1/policies', v1(ids.bob!, 'Viewer', [['serviceName', 'kms']]));
      expect(r.status).toBe(403);
      expect(r.body.errors[0].code).toBe('insufficent_permissions');
      expect(r.body.errors[0].details.reason).toBe(
        `Access check for action 'iam.policy.create' for subject '${ids.alice}' for resource 'a/${account}::serviceName:kms' was denied due to lack of access policy.`,
      );
      expect((await call('admin', 'POST', '/v1/policies', v1(ids.admin!, 'Administrator', [['serviceName', 'kms']]))).status).toBe(403);
    });

    it('an IAM Identity administrator assigns access on IAM Identity, but makes no other administrator', async () => {
      const sid = await serviceId('owner', `for-bob-${transport}`);
      const one = await call('admin', 'POST', '/v1/policies', v1(ids.bob!, 'Operator', [['serviceName', 'iam-identity'], ['resourceType', 'serviceid'], ['resource', sid.id]]));
      expect(one.status).toBe(201);
      const promote = await call('admin', 'POST', '/v1/policies', v1(ids.bob!, 'Administrator', [['serviceName', 'iam-identity']]));
      expect(promote.status).toBe(403);
      // Not Administrator on kms: no access on kms to give.
      expect((await call('admin', 'POST', '/v1/policies', v1(ids.bob!, 'Reader', [['serviceName', 'kms']]))).status).toBe(403);
      // Bob, with Operator on that service ID, may not pass access on.
      expect((await call('bob', 'POST', '/v1/policies', v1(ids.carol!, 'Viewer', [['serviceName', 'iam-identity'], ['resourceType', 'serviceid'], ['resource', sid.id]]))).status).toBe(403);
    });

    it('when the owner makes a user an administrator by a policy, the keys someone else made for that user are disabled', async () => {
      const dave = await user('dave');
      const byAdmin = await call('admin', 'POST', '/v1/apikeys', { name: 'made-by-admin', iam_id: dave });
      expect(byAdmin.status).toBe(201);
      const own = await call('dave', 'POST', '/v1/apikeys', { name: 'own', iam_id: dave });
      expect(own.status).toBe(201);
      expect((await call('owner', 'POST', '/v1/policies', v1(dave, 'Administrator', [['serviceName', 'iam-identity']]))).status).toBe(201);
      expect((await call('owner', 'GET', `/v1/apikeys/${byAdmin.body.id}`)).body.disabled).toBe(true);
      expect((await call('owner', 'GET', `/v1/apikeys/${own.body.id}`)).body.disabled).toBe(false);
      // And the administrator that made it may no longer touch dave's keys.
      expect((await call('admin', 'DELETE', `/v1/apikeys/${own.body.id}/disable`)).status).toBe(403);
    });

    it('the creator of a service ID assigns access to it (its key may then manage it), not beyond it', async () => {
      const sid = await serviceId('carol', `carols-${transport}`);
      const self = await call('carol', 'POST', '/v1/policies', v1(sid.iam_id, 'Operator', [['serviceName', 'iam-identity'], ['resourceType', 'serviceid'], ['resource', sid.id]]));
      expect(self.status).toBe(201);
      const wide = await call('carol', 'POST', '/v1/policies', v1(sid.iam_id, 'Operator', [['serviceName', 'iam-identity']]));
      expect(wide.status).toBe(403);
      // She may read what her service ID was given; Alice may not.
      expect((await call('carol', 'GET', `/v1/policies?account_id=${account}&iam_id=${sid.iam_id}`)).body.policies).toHaveLength(1);
      expect((await call('alice', 'GET', `/v1/policies?account_id=${account}&iam_id=${sid.iam_id}`)).body.policies).toHaveLength(0);
      expect((await call('alice', 'GET', `/v1/policies/${self.body.id}`)).status).toBe(403);
    });
  });

  describe('roles', () => {
    it('lists system roles with their actions on a service, its service roles, and IAM\'s group', async () => {
      const r = await call('owner', 'GET', '/v2/roles?service_name=iam-identity');
      expect(r.status).toBe(200);
      const admin = r.body.system_roles.find((x: { display_name: string }) => x.display_name === 'Administrator');
      expect(admin).toMatchObject({ crn: ROLE('Administrator') });
      expect(admin.actions).toEqual(expect.arrayContaining(['iam-identity.apikey.manage', 'iam.policy.create']));
      const viewer = r.body.system_roles.find((x: { display_name: string }) => x.display_name === 'Viewer');
      expect(viewer.actions).not.toContain('iam-identity.apikey.create');
      expect(r.body.service_roles.map((x: { display_name: string }) => x.display_name)).toContain('Service ID creator');
      const cr = await call('owner', 'GET', '/v2/roles?service_name=container-registry');
      expect(cr.body.service_roles.map((x: { crn: string }) => x.crn)).toEqual([
        'crn:v1:bluemix:public:iam::::serviceRole:Reader', 'crn:v1:bluemix:public:iam::::serviceRole:Writer', 'crn:v1:bluemix:public:iam::::serviceRole:Manager',
      ]);
      expect((await call('owner', 'GET', '/v2/roles?service_name=kms&service_group_id=IAM')).status).toBe(400);
    });

    it('custom roles: 201 + ETag, a duplicate name is a 409 role_conflict_error, If-Match on PUT, usable in a policy of its service', async () => {
      const body = { name: `Deployer${transport === 'http' ? 'Http' : 'Local'}`, display_name: 'Deployer', account_id: account, service_name: 'iam-identity', actions: ['iam-identity.apikey.create', 'iam-identity.apikey.list'] };
      const c = await call('owner', 'POST', '/v2/roles', body);
      expect(c.status).toBe(201);
      expect(c.etag).toMatch(ETAG);
      expect(c.body.crn).toBe(`crn:v1:ibmcloud:public:iam-access-management::a/${account}::customRole:${body.name}`);
      const dup = await call('owner', 'POST', '/v2/roles', { ...body, actions: ['iam-identity.apikey.get'] });
      expect(dup.status).toBe(409);
      expect(dup.body.errors[0]).toMatchObject({ code: 'role_conflict_error', message: 'This role name has already been used, please update the existing one or change the role name.' });
      expect((await call('owner', 'POST', '/v2/roles', { ...body, name: 'Other', actions: ['kms.secrets.read'] })).status).toBe(400);
      expect((await call('owner', 'PUT', `/v2/roles/${c.body.id}`, { display_name: 'D2' })).status).toBe(POLICY_IF_MATCH_REFUSAL.status);
      expect((await call('owner', 'PUT', `/v2/roles/${c.body.id}`, { display_name: 'D2' }, { 'if-match': c.etag! })).status).toBe(200);
      expect((await call('alice', 'POST', '/v2/roles', { ...body, name: 'Sneaky' })).status).toBe(403);
      const p = await call('owner', 'POST', '/v1/policies', { ...v1('IBMid-custom', 'Viewer', [['serviceName', 'iam-identity']]), roles: [{ role_id: c.body.crn }] });
      expect(p.status).toBe(201);
      expect(p.body.roles[0]).toMatchObject({ role_id: c.body.crn, display_name: 'D2' });
      expect((await call('owner', 'POST', '/v1/policies', { ...v1('IBMid-custom', 'Viewer', [['serviceName', 'kms']]), roles: [{ role_id: c.body.crn }] })).status).toBe(400);
      expect((await call('owner', 'DELETE', `/v2/roles/${c.body.id}`)).status).toBe(204);
      expect((await call('owner', 'GET', `/v2/roles/${c.body.id}`)).status).toBe(404);
    });

    it('Administrator on IAM Access Management writes custom roles, but none that manages users\' keys', async () => {
      expect((await call('owner', 'POST', '/v1/policies', v1(ids.carol!, 'Administrator', [['serviceName', 'iam-access-management']]))).status).toBe(201);
      const base = { display_name: 'Keys', account_id: account, service_name: 'iam-identity' };
      const made = await call('carol', 'POST', '/v2/roles', { ...base, name: `KeyLister${transport === 'http' ? 'H' : 'L'}`, actions: ['iam-identity.apikey.list'] });
      expect(made.status).toBe(201);
      const manage = await call('carol', 'POST', '/v2/roles', { ...base, name: 'KeyBoss', actions: ['iam-identity.apikey.manage'] });
      expect(manage.status).toBe(403);
      const widened = await call('carol', 'PUT', `/v2/roles/${made.body.id}`, { actions: ['iam-identity.apikey.list', 'iam-identity.apikey.manage'] }, { 'if-match': made.etag! });
      expect(widened.status).toBe(403);
      expect((await call('carol', 'GET', `/v2/roles/${made.body.id}`)).body.actions).toEqual(['iam-identity.apikey.list']);
    });
  });
});
