// service-policy-*, user-policy-* and roles on both transports: in-process (a fresh IAMKEYS_HOME in local mode)
// and the network client against a real local IAM served on 127.0.0.1:0. Every command in text and JSON, bad
// input (exit 2), not found (3), refused (4), conflicts (5), ambiguity (6), confirmation and dry run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Policy, RoleCollection, V2Policy } from '../../src/wire/policies.js';
import type { LocalUser } from '../../src/wire/identities.js';
import type { Transport } from '../../src/client/transport.js';
import { expectFailed, parseJson } from '../helpers/cli.js';
import { ScriptedPrompter, runCli, tempHome, type CliResult, type RunOptions } from '../helpers/run-cli.js';
import { remoteEnv, startTestIam, type TestIam } from '../remote/iam-server.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const ETAG = '\\d+-[0-9a-f]{32}';
const WRITER = 'crn:v1:bluemix:public:iam::::serviceRole:Writer';
const READER = 'crn:v1:bluemix:public:iam::::serviceRole:Reader';

/** Temporary folders of this file, removed at its end. */
const made: string[] = [];
const temp = (prefix: string): string => { const d = tempHome(prefix); made.push(d); return d; };
afterAll(() => { for (const d of made) rmSync(d, { recursive: true, force: true }); });

describe.each(['in-process', 'http'] as const)('policy commands over %s', (transportName) => {
  let iam: TestIam | undefined;
  let home: string;
  let files: string;
  let env: Record<string, string> = {};
  const cli = (argv: string[], o: Omit<RunOptions, 'home'> = {}): Promise<CliResult> =>
    runCli(argv, { home, ...o, env: { ...env, ...(o.env ?? {}) } });
  const ok = async (argv: string[], o: Omit<RunOptions, 'home'> = {}): Promise<CliResult> => {
    const r = await cli(argv, o);
    if (r.code !== 0) throw new Error(`${argv.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    return r;
  };
  const policiesOf = async (sid: string, extra: string[] = []): Promise<Policy[]> => parseJson<Policy[]>((await ok(['service-policies', sid, '--output', 'json', ...extra])).stdout);

  beforeAll(async () => {
    home = temp('iamkeys-policies-');
    files = mkdtempSync(join(tmpdir(), 'iamkeys-policy-files-'));
    made.push(files);
    if (transportName === 'http') {
      iam = await startTestIam();
      env = remoteEnv(iam);
    }
    await ok(['service-id-create', 'app']);
    await ok(['service-id-create', 'other']);
    await ok(['service-id-create', 'twin']);
    await ok(['service-id-create', 'twin']);
  });
  afterAll(async () => { await iam?.close(); });

  it('an empty list: line 3 is "No policy found"; JSON is []', async () => {
    const r = await ok(['service-policies', 'app']);
    expect(r.stdout.split('\n')[0]).toMatch(/^Getting policies under current account for service ID app as .+\.\.\.$/);
    expect(r.stdout.split('\n').slice(1)).toEqual(['OK', 'No policy found', '']);
    expect((await ok(['iam', 'service-policies', 'app', '-f', '--output', 'JSON'])).stdout).toBe('[]\n');
  });

  it("create: ibmcloud's progress line and layout; the policy as IBM builds it from the flags", async () => {
    const r = await ok(['iam', 'service-policy-create', 'app', '--service-name', 'container-registry', '-region', 'us-south',
      '--resource-type', 'namespace', '--resource', 'pydemo', '-r', 'Reader,Writer']);
    expect(r.stdout).toMatch(new RegExp([
      '^Creating policy under current account for service ID app as .+\\.\\.\\.',
      'OK',
      'Service policy is successfully created',
      '',
      '',
      `Policy ID:   ${UUID}`,
      `Version:     ${ETAG}`,
      'Roles:       Reader, Writer',
      'Resources:',
      ' {13}Service Name    container-registry',
      ' {13}Region          us-south',
      ' {13}Resource Type   namespace',
      ' {13}Resource        pydemo',
      '$',
    ].join('\n')));
    const [p] = await policiesOf('app');
    expect(p!.type).toBe('access');
    expect(p!.roles.map((x) => x.role_id)).toEqual([READER, WRITER]);
    expect(p!.roles.map((x) => x.display_name)).toEqual(['Reader', 'Writer']);
    const sid = parseJson<{ iam_id: string; account_id: string }[]>((await ok(['service-id', 'app', '--output', 'json'])).stdout)[0]!;
    expect(p!.subjects).toEqual([{ attributes: [{ name: 'iam_id', value: sid.iam_id }] }]);
    expect(p!.resources[0]!.attributes.map((a) => [a.name, a.value, a.operator])).toEqual([
      ['serviceName', 'container-registry', 'stringEquals'], ['region', 'us-south', 'stringEquals'],
      ['resourceType', 'namespace', 'stringEquals'], ['resource', 'pydemo', 'stringEquals'], ['accountId', sid.account_id, 'stringEquals'],
    ]);
  });

  it('create --output json prints the created policy; no resource flag is every IAM-enabled service', async () => {
    const p = parseJson<Policy>((await ok(['service-policy-create', 'other', '--roles', 'Viewer', '-f', '--output', 'json'])).stdout);
    expect(p.id).toMatch(new RegExp(`^${UUID}$`));
    expect(p.roles[0]!.role_id).toBe('crn:v1:bluemix:public:iam::::role:Viewer');
    expect(p.resources[0]!.attributes.map((a) => `${a.name}=${a.value}`)).toEqual(['serviceType=service', expect.stringMatching(/^accountId=/)]);
  });

  it('a duplicate is a conflict (exit 5) naming the policy that exists, and nothing is added', async () => {
    const [existing] = await policiesOf('app');
    const r = await cli(['service-policy-create', 'app', '--service-name', 'container-registry', '--region', 'us-south',
      '--resource-type', 'namespace', '--resource', 'pydemo', '-r', 'Manager']);
    const msg = expectFailed(r, 5);
    expect(msg).toContain(`Service ID 'app' already has a policy with these resource attributes (policy ${existing!.id})`);
    expect(msg).toContain(`iamkeys service-policy-update app ${existing!.id} --roles`);
    expect(await policiesOf('app')).toHaveLength(1);
  });

  it('role names: with spaces, a miss listing the valid ones (exit 2, nothing made), CRNs as they are, a repeated flag takes its last value', async () => {
    const miss = await cli(['service-policy-create', 'app', '--service-name', 'kms', '--roles', 'Reader,Nope']);
    expect(expectFailed(miss, 2)).toMatch(/^Role Nope was not found\. Valid roles are .*\bReader\b.*\bManager\b.*\bViewer\b.*\.\n?$/);
    const crns = parseJson<Policy>((await ok(['service-policy-create', 'app', '--roles', `${WRITER},${READER}`, '--service-name', 'cloud-object-storage',
      '--service-instance', 'cos-1', '--output', 'json'])).stdout);
    expect(crns.roles.map((x) => x.role_id)).toEqual([WRITER, READER]);
    const last = parseJson<Policy>((await ok(['service-policy-create', 'app', '--roles', 'Viewer', '--service-name', 'nope', '--service-name', 'iam-identity',
      '--roles', 'Service ID creator', '--output', 'json'])).stdout);
    expect(last.resources[0]!.attributes[0]).toEqual({ name: 'serviceName', value: 'iam-identity', operator: 'stringEquals' });
    expect(last.roles.map((x) => x.display_name)).toEqual(['Service ID creator']);
    expect(await policiesOf('app')).toHaveLength(3);
  });

  it('show one policy: text with its version, JSON the object; another subject\'s policy and an unknown id are not found (exit 3)', async () => {
    const [p] = await policiesOf('app');
    const text = await ok(['service-policy', 'app', p!.id]);
    expect(text.stdout).toMatch(new RegExp(`^Getting policy ${p!.id} under current account for service ID app as .+\\.\\.\\.\\nOK\\n\\nPolicy ID:   ${p!.id}\\nVersion:     ${ETAG}\\nRoles:       `));
    expect(parseJson<Policy>((await ok(['service-policy', 'app', p!.id, '-o', 'json'])).stdout)).toEqual(p);
    expectFailed(await cli(['service-policy', 'other', p!.id]), 3, `Policy '${p!.id}' was not found for service ID 'other'.`);
    expectFailed(await cli(['service-policy', 'app', '00000000-0000-4000-8000-000000000000']), 3);
    expectFailed(await cli(['service-policies', 'nope']), 3, "Service ID 'nope' was not found.");
    expectFailed(await cli(['service-policies', 'twin']), 6);
  });

  it('the text list: a block a policy, the Service Instance row within 4 lines of Roles (grep -B 4 GUID | grep Writer)', async () => {
    const r = await ok(['service-policies', 'app']);
    const lines = r.stdout.split('\n');
    const at = lines.findIndex((l) => /Service Instance\s+cos-1$/.test(l));
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at - 4, at).some((l) => /^Roles:.*Writer/.test(l))).toBe(true);
    expect(lines.filter((l) => l.startsWith('Policy ID:'))).toHaveLength(3);
    const v2 = parseJson<V2Policy[]>((await ok(['service-policies', 'app', '--api-version', 'v2', '-o', 'json'])).stdout);
    expect(v2).toHaveLength(3);
    expect(v2.every((p) => Array.isArray(p.control.grant.roles))).toBe(true);
  });

  it('update: asks, keeps what was not given, sends a fresh If-Match; no is exit 1 with nothing changed', async () => {
    const p = (await policiesOf('app')).find((x) => x.resources[0]!.attributes.some((a) => a.value === 'pydemo'))!;
    const declined = new ScriptedPrompter([false]);
    const no = await cli(['service-policy-update', 'app', p.id, '--roles', 'Manager'], { prompter: declined, stdinTTY: true });
    expect(no.code).toBe(1);
    expect(declined.questions).toEqual([`Are you sure you want to update policy '${p.id}' of service ID 'app'?`]);
    expect((await policiesOf('app')).find((x) => x.id === p.id)).toEqual(p);
    const yes = await ok(['service-policy-update', 'app', p.id, '--roles', 'Manager'], { prompter: new ScriptedPrompter([true]), stdinTTY: true });
    expect(yes.stdout).toMatch(/^Updating policy .+\nOK\nService policy is successfully updated\n\n\nPolicy ID: {3}.+\nVersion: {5}2-[0-9a-f]{32}\nRoles: {7}Manager\n/);
    const after = (await policiesOf('app')).find((x) => x.id === p.id)!;
    expect(after.roles.map((x) => x.display_name)).toEqual(['Manager']);
    expect(after.resources).toEqual(p.resources);
    const moved = parseJson<Policy>((await ok(['service-policy-update', 'app', p.id, '--resource', 'other-ns', '-f', '-o', 'json'])).stdout);
    expect(moved.resources[0]!.attributes.find((a) => a.name === 'resource')!.value).toBe('other-ns');
    expect(moved.roles.map((x) => x.display_name)).toEqual(['Manager']);
  });

  it('update: a version gone stale between the read and the write is a conflict (exit 5), never an overwrite', async () => {
    const p = (await policiesOf('app'))[0]!;
    const stale = (real: Transport): Transport => ({
      endpoint: real.endpoint,
      request: (req) => real.request(req.method === 'PUT' ? { ...req, headers: { ...req.headers, 'if-match': '1-00000000000000000000000000000000' } } : req),
      close: () => real.close(),
    });
    const r = await cli(['service-policy-update', 'app', p.id, '--roles', 'Reader', '-f'], { wrapTransport: stale });
    expect(expectFailed(r, 5)).toMatch(/stale version|changed since/);
    expect((await policiesOf('app')).find((x) => x.id === p.id)).toEqual(p);
  });

  it('--dry-run shows the PUT with If-Match and the DELETE, and changes nothing', async () => {
    const p = (await policiesOf('app'))[0]!;
    const dry = await ok(['service-policy-update', 'app', p.id, '--roles', 'Reader', '--dry-run']);
    expect(dry.stdout).toMatch(new RegExp(`Dry run: nothing was changed\\.[^]*PUT /v1/policies/${p.id}\\nIf-Match: ${ETAG}\\n`));
    const del = parseJson<{ method: string; path: string }>((await ok(['service-policy-delete', 'app', p.id, '--dry-run', '-o', 'json'])).stdout);
    expect(del).toMatchObject({ dry_run: true, method: 'DELETE', path: `/v1/policies/${p.id}` });
    expect((await policiesOf('app')).find((x) => x.id === p.id)).toEqual(p);
  });

  it('delete: asks unless -f; at end of input it fails naming --force; then the policy is gone (exit 3 for it)', async () => {
    const p = (await policiesOf('app'))[0]!;
    expectFailed(await cli(['service-policy-delete', 'app', p.id], { stdinKind: 'none' }), 2, /--force/);
    const piped = await cli(['service-policy-delete', 'app', p.id], { stdin: 'y\n' });
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout).toMatch(new RegExp(`^Deleting policy ${p.id} under current account for service ID app as .+\\.\\.\\.\\nOK\\nService policy ${p.id} is successfully deleted\\n$`));
    expect((await policiesOf('app')).map((x) => x.id)).not.toContain(p.id);
    expectFailed(await cli(['service-policy-delete', 'app', p.id, '-f']), 3);
    const q = (await policiesOf('app'))[0]!;
    expect(parseJson(( await ok(['service-policy-delete', 'app', q.id, '-f', '-q', '-o', 'json'])).stdout)).toEqual({ id: q.id, result: 'deleted' });
  });

  it('--file with and without @: roles and resources from the file, subject, type and accountId filled in', async () => {
    const file = join(files, 'policy.json');
    writeFileSync(file, JSON.stringify({ roles: [{ role_id: READER }], resources: [{ attributes: [{ name: 'serviceName', value: 'container-registry' }, { name: 'region', value: 'eu-de' }] }] }));
    const a = parseJson<Policy>((await ok(['service-policy-create', 'other', '--file', file, '-o', 'json'])).stdout);
    expect(a.resources[0]!.attributes.map((x) => x.name)).toEqual(['serviceName', 'region', 'accountId']);
    writeFileSync(file, JSON.stringify({ roles: [{ role_id: WRITER }], resources: [{ attributes: [{ name: 'serviceName', value: 'kms' }] }] }));
    const b = await ok(['service-policy-create', 'other', '--file', `@${file}`]);
    expect(b.stdout).toMatch(/Roles: {7}Writer\nResources:\n {13}Service Name   kms\n$/);
    expectFailed(await cli(['service-policy-create', 'other', '--file', join(files, 'missing.json')]), 2, /cannot be read/);
    writeFileSync(file, '{not json');
    expectFailed(await cli(['service-policy-create', 'other', '--file', file]), 2, /is not JSON/);
  });

  it('a v2 policy from flags, shown and listed as v2', async () => {
    const p = parseJson<V2Policy>((await ok(['service-policy-create', 'other', '--roles', 'Reader', '--service-name', 'secrets-manager', '--api-version', 'v2', '-o', 'json'])).stdout);
    expect(p.control.grant.roles.map((r) => r.role_id)).toEqual([READER]);
    expect(p.resource!.attributes.map((a) => [a.key, a.operator])).toEqual([['serviceName', 'stringEquals'], ['accountId', 'stringEquals']]);
    const shown = await ok(['service-policy', 'other', p.id, '--api-version', 'v2']);
    expect(shown.stdout).toMatch(/Roles: {7}Reader\nResources:\n {13}Service Name   secrets-manager\n$/);
  });

  it('a locked service ID\'s policies cannot be created, changed or deleted: told before the question and by a dry run (exit 5)', async () => {
    await ok(['service-id-create', 'held']);
    const p = parseJson<Policy>((await ok(['service-policy-create', 'held', '--roles', 'Viewer', '-o', 'json'])).stdout);
    await ok(['service-id-lock', 'held', '-f']);
    const locked = "Service ID 'held' is locked, so its policies cannot be created, changed or deleted. Unlock it first with 'iamkeys service-id-unlock held'.";
    expectFailed(await cli(['service-policy-create', 'held', '--roles', 'Reader', '--service-name', 'kms']), 5, locked);
    expectFailed(await cli(['service-policy-create', 'held', '--roles', 'Reader', '--service-name', 'kms', '--dry-run']), 5, locked);
    expectFailed(await cli(['service-policy-update', 'held', p.id, '--roles', 'Editor'], { stdin: 'y\n' }), 5, locked);
    expectFailed(await cli(['service-policy-delete', 'held', p.id], { stdin: 'y\n' }), 5, locked);
    expect(await policiesOf('held')).toEqual([p]);
    // Locked after the CLI read it: IAM's own refusal, with the same hint.
    const seenUnlocked = (real: Transport): Transport => ({
      endpoint: real.endpoint,
      async request(req) {
        const res = await real.request(req);
        return /^\/v1\/serviceids\//.test(req.path) && res.status === 200 ? { ...res, body: res.body.replace('"locked":true', '"locked":false') } : res;
      },
      close: () => real.close(),
    });
    const raced = await cli(['service-policy-delete', 'held', p.id, '-f'], { wrapTransport: seenUnlocked });
    expect(expectFailed(raced, 5)).toMatch(/is locked[^]*\nIAM: .*locked/);
    expect(await policiesOf('held')).toEqual([p]);
    await ok(['service-id-unlock', 'held', '-f']);
  });

  it('user policies: by email on the local IAM, by IAM ID too; refused to a user without the right (exit 4)', async () => {
    const keyFile = join(files, 'dev.json');
    const dev = parseJson<LocalUser>((await ok(['user-create', 'dev', '--email', 'dev@example.com', '--apikey-file', keyFile, '-o', 'json'])).stdout);
    const made = await ok(['iam', 'user-policy-create', 'dev@example.com', '--roles', 'Operator', '--service-name', 'iam-identity']);
    expect(made.stdout).toMatch(/^Creating policy under current account for user dev@example\.com as .+\.\.\.\nOK\nUser policy is successfully created\n/);
    const list = parseJson<Policy[]>((await ok(['user-policies', dev.iam_id, '-o', 'json'])).stdout);
    expect(list).toHaveLength(1);
    expect(list[0]!.subjects[0]!.attributes[0]).toEqual({ name: 'iam_id', value: dev.iam_id });
    // Operator on IAM Identity lets dev see service IDs, not give access (Administrator's iam.policy.create).
    const refused = await cli(['service-policy-create', 'app', '--roles', 'Administrator', '--service-name', 'iam-identity'], { env: { IBMCLOUD_API_KEY: `@${keyFile}` } });
    expectFailed(refused, 4, new RegExp(`^You are not authorized to use this API\\. Access check for action 'iam\\.policy\\.create' for subject '${dev.iam_id}' for resource '.+' was denied due to lack of access policy\\.`));
    expectFailed(await cli(['user-policies', 'nobody@example.com']), 3);
    const id = list[0]!.id;
    expect((await ok(['user-policy', 'dev@example.com', id])).stdout).toMatch(/\nRoles: {7}Operator\nResources:\n {13}Service Name   iam-identity\n$/);
    expect(parseJson<Policy>((await ok(['user-policy-update', 'dev@example.com', id, '--roles', 'Editor', '-f', '-o', 'json'])).stdout).roles[0]!.display_name).toBe('Editor');
    const sidPolicy = parseJson<Policy>((await ok(['service-policy-create', 'app', '--roles', 'Viewer', '--service-name', 'logs', '-o', 'json'])).stdout);
    expectFailed(await cli(['user-policy', 'dev@example.com', sidPolicy.id]), 3, /was not found for user 'dev@example.com'/);
    expect((await ok(['user-policy-delete', dev.iam_id, id, '-f'])).stdout).toMatch(/\nUser policy .+ is successfully deleted\n$/);
    expect((await ok(['user-policies', 'dev@example.com'])).stdout.split('\n')[2]).toBe('No policy found');
  });

  it('roles: platform and custom roles, a service\'s roles, named roles in full; an unknown name is exit 2', async () => {
    const all = await ok(['iam', 'roles']);
    expect(all.stdout).toMatch(/^Getting platform roles and custom roles under account .+\.\.\.\nOK\nName\s+Type\s+CRN\n/);
    expect(all.stdout).toMatch(/^Viewer\s+platform\s+crn:v1:bluemix:public:iam::::role:Viewer$/m);
    const identity = parseJson<RoleCollection>((await ok(['roles', '--service', 'iam-identity', '-o', 'json'])).stdout);
    expect(identity.service_roles.map((r) => r.crn)).toContain('crn:v1:bluemix:public:iam-identity::::serviceRole:ServiceIdCreator');
    const one = await ok(['roles', '--service', 'iam-identity', '--roles', 'Service ID creator']);
    expect(one.stdout).toMatch(/\nName\s+Service ID creator\nType\s+service\nCRN\s+crn:v1:bluemix:public:iam-identity::::serviceRole:ServiceIdCreator\n/);
    expect(one.stdout).toMatch(/^Actions\s+.*iam-identity\.serviceid\.create/m);
    expectFailed(await cli(['roles', '--roles', 'Nope']), 2, /^Role Nope was not found\. Valid roles are /);
  });
});

describe('what needs another IBM service than IAM', () => {
  // The local IAM, seen by the CLI as IBM Cloud's: the endpoint is all that tells them apart.
  const asIbmCloud = (real: Transport): Transport => ({ endpoint: 'https://iam.cloud.ibm.com', request: (req) => real.request(req), close: () => real.close() });

  it('--resource-group-name: on the local IAM the name stands for its ID; on IBM Cloud the ID is asked for (exit 2, nothing sent)', async () => {
    const home = temp('iamkeys-policies-rg-');
    const run = (argv: string[], o: Omit<RunOptions, 'home'> = {}) => runCli(argv, { home, ...o });
    expect((await run(['service-id-create', 'rg-app', '-q'])).code).toBe(0);
    const local = await run(['service-policy-create', 'rg-app', '--roles', 'Viewer', '--resource-group-name', 'default', '-o', 'json']);
    expect(local.code, local.stderr).toBe(0);
    expect(parseJson<Policy>(local.stdout).resources[0]!.attributes.map((a) => `${a.name}=${a.value}`)).toEqual(['resourceGroupId=default', expect.stringMatching(/^accountId=/)]);
    const seen: string[] = [];
    const watched = (real: Transport): Transport => { const t = asIbmCloud(real); return { ...t, request: (req) => { seen.push(`${req.method} ${req.path}`); return t.request(req); } }; };
    const remote = await run(['service-policy-create', 'rg-app', '--roles', 'Viewer', '--resource-group-name', 'default'], { wrapTransport: watched });
    expectFailed(remote, 2, "On IBM Cloud, give the resource group by ID: --resource-group-id ID (find it with 'ibmcloud resource group default --id').");
    expect(seen.filter((s) => !s.startsWith('GET '))).toEqual([]);
  });

  it('user-policy-* on IBM Cloud take the IAM ID; an email is refused (exit 2) before anything is sent', async () => {
    const home = temp('iamkeys-policies-user-');
    const made = await runCli(['user-create', 'ann', '--email', 'ann@example.com', '-o', 'json'], { home });
    const ann = parseJson<LocalUser>(made.stdout);
    const byEmail = await runCli(['user-policy-create', 'ann@example.com', '--roles', 'Viewer'], { home, wrapTransport: asIbmCloud });
    expectFailed(byEmail, 2, "On IBM Cloud, give the user's IAM ID (IBMid-...), not an email: find it with 'ibmcloud account users'.");
    const byId = await runCli(['user-policy-create', ann.iam_id, '--roles', 'Viewer', '-o', 'json'], { home, wrapTransport: asIbmCloud });
    expect(byId.code, byId.stderr).toBe(0);
    expect(parseJson<Policy>(byId.stdout).subjects[0]!.attributes[0]!.value).toBe(ann.iam_id);
  });
});
