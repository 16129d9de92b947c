// The identity commands of the local IAM (user-create, user-apikey-create, users, user-role, service-id-grant,
// service-id-revoke) and their rules, on both transports: only the owner and administrators use them; only the
// owner makes or unmakes administrators; nobody raises their own role or grants themselves; the owner's role is
// fixed; a refusal is exit 4 with nothing changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { LocalUser } from '../../src/wire/identities.js';
import type { ApiKey } from '../../src/wire/types.js';
import { expectFailed, parseJson } from '../helpers/cli.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { dump, expectRefused, inProcess, makeWorld, overHttp, type Transport, type Who, type World } from './world.js';

describe.each(['in-process', 'http'] as const)('identity commands over %s', (transportName) => {
  let world: World;
  let transport: Transport;
  const as = (who: Who, argv: string[]): Promise<CliResult> =>
    runCli(argv, { home: world.home, env: transport.env(world.apikey[who]) });
  const usersAs = async (who: Who): Promise<LocalUser[]> => {
    const r = await as(who, ['users', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    return parseJson<LocalUser[]>(r.stdout);
  };
  const userByEmail = async (email: string): Promise<LocalUser> => (await usersAs('owner')).find((u) => u.email === email)!;
  /** Runs a command that must be refused with exit 4 and change nothing. */
  const refused = async (who: Who, argv: string[]): Promise<CliResult> => {
    const before = dump(world.storeFile);
    const r = await as(who, argv);
    expectRefused(r, `${who}: ${argv.join(' ')}`);
    expect(dump(world.storeFile), `${who}: ${argv.join(' ')} changed nothing`).toBe(before);
    return r;
  };
  const unchanged = async (who: Who, argv: string[], code: number, message?: RegExp): Promise<CliResult> => {
    const before = dump(world.storeFile);
    const r = await as(who, argv);
    expectFailed(r, code, message);
    expect(dump(world.storeFile)).toBe(before);
    return r;
  };

  beforeAll(async () => {
    world = await makeWorld();
    transport = transportName === 'http' ? await overHttp(world.storeFile) : inProcess();
  });
  afterAll(async () => {
    await transport?.close();
  });

  it('the owner and an administrator list the users with their roles and grants, in text and JSON', async () => {
    for (const who of ['owner', 'admin'] as const) {
      const list = await usersAs(who);
      expect(list.map((u) => [u.name, u.role])).toEqual(expect.arrayContaining([
        ['admin', 'admin'], ['creator', 'user'], ['granted', 'user'], ['other', 'user'],
      ]));
      expect(list.filter((u) => u.role === 'owner')).toHaveLength(1);
      expect(list.find((u) => u.name === 'granted')!.service_ids).toEqual([world.owned.id]);
      expect(JSON.stringify(list)).not.toMatch(/apikey|secret|hash/i);
    }
    const text = await as('owner', ['users']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^IAM ID\s+Name\s+Email\s+Role\s+Service IDs$/m);
    expect(text.stdout).toMatch(new RegExp(`^${world.iamIds.granted}\\s+granted\\s+granted@example.com\\s+user\\s+${world.owned.id}$`, 'm'));
  });

  it.each(['creator', 'granted', 'other', 'serviceid'] as const)('%s may use none of them (exit 4, nothing changed)', async (who) => {
    const self = world.iamIds[who];
    await refused(who, ['users']);
    await refused(who, ['user-create', 'mallory', '--email', `mallory-${who}@example.com`]);
    await refused(who, ['user-create', 'mallory', '--email', `mallory-${who}@example.com`, '--admin']);
    await refused(who, ['user-role', world.iamIds.other === self ? world.iamIds.creator : world.iamIds.other, 'admin']);
    await refused(who, ['service-id-grant', world.iamIds.other, world.foreign.id]);
    await refused(who, ['service-id-revoke', world.iamIds.granted, world.owned.id]);
    // and, above all, not on themselves
    await refused(who, ['user-role', self, 'admin']);
    await refused(who, ['service-id-grant', self, world.foreign.id]);
    await refused(who, ['service-id-grant', self, world.owned.id]);
    // by email, the lookup is already refused
    if (who !== 'serviceid') await refused(who, ['user-role', `${who}@example.com`, 'admin']);
  });

  it('a user without a role may not make an API key of another user; a service ID not of anyone', async () => {
    await refused('other', ['user-apikey-create', world.iamIds.creator, '--file', join(world.keys, 'no-1.json')]);
    await refused('other', ['user-apikey-create', world.iamIds.owner, '--file', join(world.keys, 'no-2.json')]);
    await refused('serviceid', ['user-apikey-create', world.iamIds.other, '--file', join(world.keys, 'no-3.json')]);
  });

  it('every user may make an API key of their own, given their IAM ID', async () => {
    const r = await as('other', ['user-apikey-create', world.iamIds.other, '-n', 'mine', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const key = parseJson<ApiKey>(r.stdout);
    expect(key).toMatchObject({ iam_id: world.iamIds.other, name: 'mine', created_by: world.iamIds.other });
    expect(key.apikey).toMatch(/^[A-Za-z0-9_-]{44}$/);
  });

  it('an administrator cannot change their own role, the owner\'s, or grant themselves', async () => {
    await refused('admin', ['user-role', world.iamIds.admin, 'user']);
    await refused('admin', ['user-role', 'admin@example.com', 'admin']);
    await refused('admin', ['user-role', world.iamIds.owner, 'user']);
    await refused('admin', ['user-role', world.iamIds.owner, 'admin']);
    await refused('admin', ['service-id-grant', world.iamIds.admin, world.foreign.id]);
    const r = await refused('admin', ['user-role', world.iamIds.owner, 'user']);
    expect(r.stderr).toMatch(/owner's role cannot be changed/);
  });

  it('the owner cannot change their own role', async () => {
    const r = await refused('owner', ['user-role', world.iamIds.owner, 'admin']);
    expect(r.stderr).toMatch(/No one can change their own role/);
  });

  it('an administrator may not make an API key of the owner or of another administrator, only of users without a role', async () => {
    const other = await as('owner', ['user-create', 'second-admin', '--email', `second-admin-${transportName}@example.com`, '--admin', '-o', 'json']);
    expect(other.code, other.stderr).toBe(0);
    const secondAdmin = parseJson<LocalUser>(other.stdout).iam_id;
    await refused('admin', ['user-apikey-create', world.iamIds.owner, '--file', join(world.keys, 'owner-by-admin.json')]);
    await refused('admin', ['user-apikey-create', secondAdmin, '--file', join(world.keys, 'admin2-by-admin.json')]);
    const ok = await as('admin', ['user-apikey-create', 'other@example.com', '--file', join(world.keys, `other-by-admin-${transportName}.json`), '-o', 'json']);
    expect(ok.code, ok.stderr).toBe(0);
    const made = parseJson<ApiKey>(ok.stdout);
    expect(made).toMatchObject({ iam_id: world.iamIds.other, created_by: world.iamIds.admin });
    expect(made.apikey).toBe((JSON.parse(readFileSync(join(world.keys, `other-by-admin-${transportName}.json`), 'utf8')) as { apikey: string }).apikey);
  });

  it('an administrator creates users and grants; the owner sets roles; the changes take effect at once', async () => {
    const email = `dana-${transportName}@example.com`;
    const file = join(world.keys, `dana-${transportName}.json`);
    const made = await as('admin', ['user-create', 'dana', '--email', email, '--apikey-file', file, '-o', 'json']);
    expect(made.code, made.stderr).toBe(0);
    const dana = parseJson<LocalUser & { apikey: ApiKey }>(made.stdout);
    expect(dana).toMatchObject({ name: 'dana', email, role: 'user', service_ids: [], account_id: world.accountId });
    expect(dana.apikey).toMatchObject({ iam_id: dana.iam_id, apikey: '' });
    const asDana = (argv: string[]) => runCli(argv, { home: world.home, env: transport.env(`@${file}`) });

    // dana has no claim on `foreign`...
    expectRefused(await asDana(['service-api-keys', world.foreign.id]), 'dana before the grant');
    // ...until granted it,
    let r = await as('admin', ['service-id-grant', email, 'foreign', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(parseJson(r.stdout)).toEqual({ iam_id: dana.iam_id, service_id: world.foreign.id, result: 'granted' });
    expect((await asDana(['service-api-keys', world.foreign.id, '-o', 'json'])).code).toBe(0);
    expect((await asDana(['service-api-keys', world.owned.id])).code).toBe(4);
    // ...and loses it when revoked.
    r = await as('admin', ['service-id-revoke', dana.iam_id, world.foreign.id]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/no longer manages service ID/);
    expectRefused(await asDana(['service-api-keys', world.foreign.id]), 'dana after the revoke');

    // Only the owner makes dana an administrator; the key the administrator made for dana stops working then
    // (its maker would otherwise act as an administrator), a key the owner makes works. Back to user, none.
    expectRefused(await as('admin', ['user-role', email, 'admin']), 'an administrator promotes dana');
    r = await as('owner', ['user-role', email, 'admin', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(parseJson<LocalUser>(r.stdout).role).toBe('admin');
    expect((await asDana(['users'])).code).toBe(4);
    const ownerMade = join(world.keys, `dana-by-owner-${transportName}.json`);
    expect((await as('owner', ['user-apikey-create', dana.iam_id, '--file', ownerMade])).code).toBe(0);
    const asAdminDana = (argv: string[]) => runCli(argv, { home: world.home, env: transport.env(`@${ownerMade}`) });
    expect((await asAdminDana(['service-api-keys', world.owned.id, '-o', 'json'])).code).toBe(0);
    expect((await asAdminDana(['users', '-o', 'json'])).code).toBe(0);
    expectRefused(await as('admin', ['user-role', email, 'user']), 'an administrator demotes dana');
    r = await as('owner', ['user-role', dana.iam_id, 'user']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/now has the role user/);
    expectRefused(await asAdminDana(['service-api-keys', world.owned.id]), 'dana demoted');
    expectRefused(await asAdminDana(['users']), 'dana demoted');
  });

  it('bad input is refused with its exit code and changes nothing', async () => {
    await unchanged('owner', ['user-role', 'other@example.com', 'owner'], 2, /Valid values: admin, user/);
    await unchanged('owner', ['user-role', 'other@example.com', 'root'], 2);
    await unchanged('owner', ['user-create', 'x', '--email', 'admin@example.com'], 5, /already exists/);
    await unchanged('owner', ['user-create', 'x', '--email', 'ADMIN@example.com'], 5);
    await unchanged('owner', ['user-create', 'x', '--email', 'not-an-email'], 2);
    await unchanged('owner', ['user-create', 'x', '--email', 'a@b.c\nOK'], 2, /control characters/);
    await unchanged('owner', ['user-create', 'x'], 2, /--email/);
    await unchanged('owner', ['user-create', '\u001b[31mred', '--email', 'red@example.com'], 2, /control characters/);
    await unchanged('owner', ['user-create', 'n'.repeat(256), '--email', 'long@example.com'], 2, /longer than 255/);
    await unchanged('owner', ['user-role', 'nobody@example.com', 'admin'], 3, /User 'nobody@example.com' was not found/);
    await unchanged('owner', ['user-role', 'IBMid-NOSUCHUSER0', 'admin'], 3, /was not found/);
    await unchanged('owner', ['user-apikey-create', 'IBMid-NOSUCHUSER0'], 3, /was not found/);
    await unchanged('owner', ['service-id-grant', 'other@example.com', 'no-such-service'], 3, /Service ID 'no-such-service' was not found/);
    await unchanged('owner', ['service-id-grant', 'other@example.com', 'ServiceId-00000000-0000-4000-8000-000000000000'], 3);
    await unchanged('owner', ['service-id-grant', 'IBMid-NOSUCHUSER0', world.owned.id], 3);
  });

  it('a name held by two users is ambiguous (exit 6) and changes nothing', async () => {
    for (const n of [1, 2]) expect((await as('owner', ['user-create', 'twin', '--email', `twin${n}-${transportName}@example.com`])).code).toBe(0);
    await unchanged('owner', ['user-role', 'twin', 'admin'], 6, /More than one user is named 'twin'/);
  });

  it('a name or email built to break text output is refused before anything is made', async () => {
    for (const name of ['a\nOK', 'a\u001b]0;title\u0007', 'a\u202eb', 'tab\there']) {
      await unchanged('owner', ['user-create', name, '--email', 'x@example.com'], 2, /control characters/);
    }
  });
});

describe('identity commands against IBM Cloud', () => {
  it('refuse at once (exit 2), sending nothing', async () => {
    const world = { home: (await import('../helpers/run-cli.js')).tempHome() };
    const r = await runCli(['users'], { home: world.home, env: { IAMKEYS_IAM_ENDPOINT: 'https://iam.cloud.ibm.com', IBMCLOUD_API_KEY: 'x'.repeat(44) } });
    expectFailed(r, 2, /only on the local IAM/);
  });
});
