// Every service-api-key command in text and JSON output, at the root and under `iam`.
import { beforeEach, describe, expect, it } from 'vitest';
import { ScriptedPrompter, runCli, tempHome, type RunOptions } from '../helpers/run-cli.js';
import {
  API_KEY_RE, ETAG_RE, IAM_TIME_RE, allKeys, createKey, createServiceId, detailRows, getKey, listKeys, ok,
  after, progressUser, tableRows, type ApiKey, type ServiceId,
} from '../helpers/cli.js';
import { oneJsonDocument } from '../helpers/json.js';

const pad = (label: string, width: number): string => label.padEnd(width);

describe.each([[[] as string[]], [['iam']]])('service-api-key commands (prefix %j)', (prefix) => {
  let home: string;
  let sid: ServiceId;
  let user: string;
  const cli = (argv: string[], o: Omit<RunOptions, 'home'> = {}) =>
    runCli([...prefix, ...argv], { home, ...o });
  const under = () => `under account ${sid.account_id} as ${user}`;

  beforeEach(async () => {
    home = tempHome();
    sid = await createServiceId(home, 'app', ['-d', 'demo']);
    user = await progressUser(home);
  });

  describe('service-api-key-create', () => {
    it('text: progress, OK, the sentence and the details with the secret on stdout; the warning on stderr', async () => {
      const r = await cli(['service-api-key-create', 'k', 'app', '-d', 'the key']);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe("\nPlease preserve the API key! It cannot be retrieved after it's created.\n");
      const head = `Creating API key k of service ID app ${under()}...\nOK\nService ID API key k is created\n\n`;
      const table = after(r.stdout, head);
      const rows = detailRows(table);
      expect([...rows.keys()]).toEqual(['ID', 'Name', 'Description', 'Created At', 'API Key', 'Locked']);
      const secret = rows.get('API Key')!;
      expect(secret).toMatch(/^[A-Za-z0-9_-]{44}$/);
      const [key] = await listKeys(home, sid.id);
      expect(table).toBe([
        `${pad('ID', 14)}${key!.id}`, `${pad('Name', 14)}k`, `${pad('Description', 14)}the key`,
        `${pad('Created At', 14)}${key!.created_at}`, `${pad('API Key', 14)}${secret}`, `${pad('Locked', 14)}false`, '',
      ].join('\n'));
    });

    it('JSON: one document with the IAM fields and the secret; nothing else anywhere', async () => {
      const r = await cli(['service-api-key-create', 'k', sid.id, '--output', 'json']);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      const key = oneJsonDocument<ApiKey>(r.stdout);
      expect(key).toMatchObject({
        name: 'k', iam_id: `iam-${sid.id}`, account_id: sid.account_id, locked: false, disabled: false,
        action_when_leaked: 'none', support_sessions: false,
      });
      expect(key.id).toMatch(API_KEY_RE);
      expect(key.entity_tag).toMatch(ETAG_RE);
      expect(key.created_at).toMatch(IAM_TIME_RE);
      expect(key.crn).toBe(`crn:v1:bluemix:public:iam-identity::a/${sid.account_id}::apikey:${key.id}`);
      expect(key.apikey).toMatch(/^[A-Za-z0-9_-]{44}$/);
      // The secret is shown once: a later read does not have it.
      expect((await getKey(home, key.id, sid.id)).apikey).toBe('');
    });

    it('takes --lock, --action-if-leaked, --expires-in and -o JSON (any case)', async () => {
      const before = Date.now();
      const r = await cli(['service-api-key-create', 'k', 'app', '--lock', '--action-if-leaked', 'DELETE', '--expires-in', '90d', '-o', 'JSON']);
      const after = Date.now();
      expect(r.code).toBe(0);
      const key = oneJsonDocument<ApiKey>(r.stdout);
      expect(key).toMatchObject({ locked: true, action_when_leaked: 'delete' });
      expect(key.expires_at).toMatch(IAM_TIME_RE);
      const expires = Date.parse(key.expires_at!.replace('+0000', 'Z'));
      const day90 = 90 * 86_400_000;
      // rounded up to the minute: never less than asked for
      expect(expires).toBeGreaterThanOrEqual(before + day90);
      expect(expires).toBeLessThanOrEqual(Math.ceil((after + day90) / 60_000) * 60_000);
    });

    it('text: `Expires At` among the rows when the key expires', async () => {
      const r = await cli(['service-api-key-create', 'k', 'app', '--expires-at', '2099-01-31T18:30+0000', '-q']);
      expect(r.code, r.stderr).toBe(0);
      const rows = detailRows(r.stdout);
      expect([...rows.keys()]).toEqual(['ID', 'Name', 'Description', 'Created At', 'Expires At', 'API Key', 'Locked']);
      expect(rows.get('Expires At')).toBe('2099-01-31T18:30+0000');
    });

    it('takes --expires-at', async () => {
      const key = await createKey(home, 'k', 'app', ['--expires-at', '2099-01-31T18:30+0000']);
      expect(key.expires_at).toBe('2099-01-31T18:30+0000');
    });

    it('-q hides progress, OK, the sentence and the warning: only the details (text), only the JSON', async () => {
      const text = await cli(['service-api-key-create', 'k', 'app', '-q']);
      expect(text.code).toBe(0);
      expect(text.stderr).toBe('');
      expect([...detailRows(text.stdout).keys()]).toEqual(['ID', 'Name', 'Description', 'Created At', 'API Key', 'Locked']);
      expect(text.stdout).toMatch(/^API Key {7}\S{44}$/m);
      const json = await cli(['service-api-key-create', 'k2', 'app', '-q', '-o', 'json']);
      expect(json.code).toBe(0);
      expect(json.stderr).toBe('');
      expect(oneJsonDocument<ApiKey>(json.stdout).name).toBe('k2');
    });
  });

  describe('service-api-key-update', () => {
    it('text: progress, OK, the sentence and the updated details on stdout', async () => {
      const made = await createKey(home, 'k', 'app');
      const r = await cli(['service-api-key-update', 'k', 'app', '-n', 'k2', '-d', 'new text', '--action-if-leaked', 'disable', '-f']);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      const rows = detailRows(after(r.stdout, `Updating API key k of service ID app ${under()}...\nOK\nService ID API key k2 is updated successfully\n\n`));
      expect(rows.get('ID')).toBe(made.id);
      expect(rows.get('Name')).toBe('k2');
      expect(rows.get('Description')).toBe('new text');
      expect(rows.get('If Leaked')).toBe('DISABLE');
      expect(rows.get('Version')).toMatch(/^2-[0-9a-f]{32}$/);
      expect(r.stdout).toMatch(new RegExp(`^ID {13}${made.id}$`, 'm'));
      const now = await getKey(home, made.id, sid.id);
      expect(now).toMatchObject({ name: 'k2', description: 'new text', action_when_leaked: 'disable' });
    });

    it('JSON: the updated key as one document', async () => {
      const made = await createKey(home, 'k', 'app');
      const r = await cli(['service-api-key-update', made.id, sid.id, '-n', 'k2', '--expires-at', '2099-12-31', '-f', '--output', 'json']);
      expect(r.code).toBe(0);
      const key = oneJsonDocument<ApiKey>(r.stdout);
      expect(key).toMatchObject({ id: made.id, name: 'k2', expires_at: '2099-12-31T00:00+0000', apikey: '' });
      expect(key.entity_tag).toMatch(/^2-/);
      expect(r.stderr).toBe('');
    });

    it('asks nothing with -f, and fails with exit 2 when nothing is to be changed', async () => {
      await createKey(home, 'k', 'app');
      const r = await cli(['service-api-key-update', 'k', 'app', '-f'], { prompter: new ScriptedPrompter([]) });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('Nothing to update');
    });
  });

  // delete, lock, unlock, disable, enable: 204 verbs.
  const actions: {
    verb: string; doing: string; done: string; result: string; create?: string[]; before?: 'disable';
    check: (keys: ApiKey[], id: string) => void;
  }[] = [
    { verb: 'delete', doing: 'Deleting', done: 'is deleted successfully', result: 'deleted', check: (keys) => expect(keys).toEqual([]) },
    { verb: 'lock', doing: 'Locking', done: 'is locked', result: 'locked', check: (keys) => expect(keys[0]!.locked).toBe(true) },
    { verb: 'unlock', doing: 'Unlocking', done: 'is unlocked', result: 'unlocked', create: ['--lock'], check: (keys) => expect(keys[0]!.locked).toBe(false) },
    { verb: 'disable', doing: 'Disabling', done: 'is disabled', result: 'disabled', check: (keys) => expect(keys[0]!.disabled).toBe(true) },
    { verb: 'enable', doing: 'Enabling', done: 'is enabled', result: 'enabled', before: 'disable', check: (keys) => expect(keys[0]!.disabled).toBe(false) },
  ];

  describe.each(actions)('service-api-key-$verb', (a) => {
    let key: ApiKey;
    beforeEach(async () => {
      key = await createKey(home, 'k', 'app', a.create ?? []);
      if (a.before) await ok(['service-api-key-disable', 'k', 'app', '-f'], home);
    });

    it('text: progress, OK and the result on stdout, nothing on stderr', async () => {
      const r = await cli([`service-api-key-${a.verb}`, 'k', 'app', '-f']);
      expect(r).toEqual({
        code: 0, stderr: '',
        stdout: `${a.doing} API key k of service ID app ${under()}...\nOK\nService ID API key k ${a.done}\n`,
      });
      a.check(await listKeys(home, sid.id), key.id);
    });

    it('JSON: {"id", "result"} as one document, by UUIDs', async () => {
      const r = await cli([`service-api-key-${a.verb}`, key.id, sid.id, '--force', '--output', 'json']);
      expect(r.code).toBe(0);
      expect(oneJsonDocument(r.stdout)).toEqual({ id: key.id, result: a.result });
      expect(r.stderr).toBe('');
      a.check(await listKeys(home, sid.id), key.id);
    });

    it('-q: nothing at all (ibmcloud\'s quiet hides progress, OK and sentences)', async () => {
      const text = await cli([`service-api-key-${a.verb}`, 'k', sid.id, '-f', '-q']);
      expect(text).toEqual({ code: 0, stdout: '', stderr: '' });
      a.check(await listKeys(home, sid.id), key.id);
    });
  });

  describe('service-api-keys', () => {
    it('text: ibmcloud\'s documented columns (ID Name Description Created At Last Updated Locked), aligned', async () => {
      const k1 = await createKey(home, 'first', 'app', ['-d', 'one']);
      const k2 = await createKey(home, 'second', 'app', ['--lock']);
      await cli(['service-api-key-disable', 'first', 'app', '-f']);
      const r = await cli(['service-api-keys', 'app']);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      const table = after(r.stdout, `Getting all API keys of service ID app ${under()}...\nOK\n`);
      expect(table.split('\n')[0]).toMatch(/^ID {44}Name {5}Description {3}Created At {14}Last Updated {12}Locked$/);
      const [first, second] = await listKeys(home, sid.id);
      expect(tableRows(table)).toEqual([
        { ID: k1.id, Name: 'first', Description: 'one', 'Created At': k1.created_at, 'Last Updated': first!.modified_at, Locked: 'false' },
        { ID: k2.id, Name: 'second', Description: '', 'Created At': k2.created_at, 'Last Updated': second!.modified_at, Locked: 'true' },
      ]);
      // A script reading by position ($6) gets Locked; the disabled state is in --activity's columns, after it.
      expect(table.split('\n')[1]!.split(/\s+/)[5]).toBe('false');
      const wide = tableRows((await cli(['service-api-keys', 'app', '--activity'])).stdout.split('OK\n')[1]!);
      expect(wide.map((row) => [row['Locked'], row['Disabled']])).toEqual([['false', 'true'], ['true', 'false']]);
    });

    it('JSON: an array of the keys, [] when there are none', async () => {
      const empty = await cli(['service-api-keys', sid.id, '-o', 'json']);
      expect(empty).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
      const k1 = await createKey(home, 'first', 'app');
      const r = await cli(['service-api-keys', 'app', '--output', 'json']);
      const keys = oneJsonDocument<ApiKey[]>(r.stdout);
      expect(keys.map((k) => k.id)).toEqual([k1.id]);
      expect(keys[0]).toMatchObject({ name: 'first', iam_id: `iam-${sid.id}`, apikey: '' });
    });

    it('text: an empty list says so after OK on stdout; -q prints nothing', async () => {
      const r = await cli(['service-api-keys', 'app']);
      expect(r).toEqual({ code: 0, stderr: '', stdout: `Getting all API keys of service ID app ${under()}...\nOK\nNo API key was found.\n` });
      expect(await cli(['service-api-keys', 'app', '-q'])).toEqual({ code: 0, stdout: '', stderr: '' });
    });

    it('-a/--all lists the keys of every service ID in the same columns; --activity adds their service ID last', async () => {
      const other = await createServiceId(home, 'other');
      const k1 = await createKey(home, 'k1', 'app');
      const k2 = await createKey(home, 'k2', 'other');
      for (const flag of ['-a', '--all']) {
        const r = await cli(['service-api-keys', flag]);
        expect(r.code).toBe(0);
        expect(r.stderr).toBe('');
        const table = after(r.stdout, `Getting all service ID API keys ${under()}...\nOK\n`);
        expect(table.split('\n')[0]).toMatch(/^ID\s+Name\s+Description\s+Created At\s+Last Updated\s+Locked$/);
        expect(tableRows(table).map((row) => [row['ID'], row['Name']])).toEqual([[k1.id, 'k1'], [k2.id, 'k2']]);
        const wide = (await cli(['service-api-keys', flag, '--activity'])).stdout.split('OK\n')[1]!;
        expect(wide.split('\n')[0]).toMatch(/\sLocked\s+Disabled\s+Last Used\s+Uses\s+Expires At\s+Rotation\s+Service ID$/);
        expect(tableRows(wide).map((row) => [row['ID'], row['Service ID']])).toEqual([[k1.id, sid.id], [k2.id, other.id]]);
        const json = oneJsonDocument<ApiKey[]>((await cli(['service-api-keys', flag, '-o', 'json'])).stdout);
        expect(json.map((k) => [k.id, k.iam_id])).toEqual([[k1.id, `iam-${sid.id}`], [k2.id, `iam-${other.id}`]]);
      }
    });

    it('-n and -d keep the keys whose name / description contain the string', async () => {
      await createKey(home, 'web-prod', 'app', ['-d', 'frontend']);
      await createKey(home, 'web-test', 'app', ['-d', 'backend']);
      await createKey(home, 'db', 'app', ['-d', 'backend store']);
      const names = async (...flags: string[]) =>
        oneJsonDocument<ApiKey[]>((await cli(['service-api-keys', 'app', ...flags, '-o', 'json'])).stdout).map((k) => k.name);
      expect(await names('-n', 'web')).toEqual(['web-prod', 'web-test']);
      expect(await names('--name', 'prod')).toEqual(['web-prod']);
      expect(await names('-d', 'backend')).toEqual(['web-test', 'db']);
      expect(await names('--description', 'backend', '-n', 'web')).toEqual(['web-test']);
      expect(await names('-n', 'nothing-like-it')).toEqual([]);
      const text = await cli(['service-api-keys', 'app', '-n', 'web']);
      expect(tableRows(after(text.stdout, `Getting all API keys of service ID app ${under()}...\nOK\n`)).map((r) => r['Name'])).toEqual(['web-prod', 'web-test']);
      const all = await cli(['service-api-keys', '-a', '-d', 'store', '-o', 'json']);
      expect(oneJsonDocument<ApiKey[]>(all.stdout).map((k) => k.name)).toEqual(['db']);
    });

    it('--uuid prints the ids alone: one a line (no progress, no OK), or a JSON array of strings', async () => {
      expect(await cli(['service-api-keys', 'app', '--uuid'])).toEqual({ code: 0, stdout: '', stderr: '' });
      const k1 = await createKey(home, 'k1', 'app');
      const k2 = await createKey(home, 'k2', 'app');
      const text = await cli(['service-api-keys', 'app', '--uuid']);
      expect(text).toEqual({ code: 0, stdout: `${k1.id}\n${k2.id}\n`, stderr: '' });
      const json = await cli(['service-api-keys', 'app', '--uuid', '-o', 'json']);
      expect(oneJsonDocument(json.stdout)).toEqual([k1.id, k2.id]);
      const filtered = await cli(['service-api-keys', '--all', '--uuid', '-n', 'k2']);
      expect(filtered.stdout).toBe(`${k2.id}\n`);
    });

    it('-q hides progress and OK', async () => {
      const k1 = await createKey(home, 'k1', 'app');
      const r = await cli(['service-api-keys', 'app', '-q', '--uuid']);
      expect(r).toEqual({ code: 0, stdout: `${k1.id}\n`, stderr: '' });
    });

    it('refuses both a service ID and --all, and neither (exit 2)', async () => {
      const both = await cli(['service-api-keys', 'app', '--all']);
      expect(both.code).toBe(2);
      expect(both.stderr).toBe('FAILED\nGive a service ID or --all, not both.\n');
      const neither = await cli(['service-api-keys']);
      expect(neither.code).toBe(2);
      expect(neither.stderr).toBe('FAILED\nGive the service ID whose API keys to list, or --all.\n');
    });
  });

  describe('service-api-key', () => {
    let key: ApiKey;
    beforeEach(async () => {
      key = await createKey(home, 'k', 'app', ['-d', 'the key', '--expires-at', '2099-01-01']);
    });

    it('text: progress, OK and the details on stdout with a 15-character label column', async () => {
      const r = await cli(['service-api-key', 'k', 'app']);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      const now = await getKey(home, key.id, sid.id);
      expect(after(r.stdout, `Getting API key k of service ID app ${under()}...\nOK\n\n`)).toBe([
        `${pad('ID', 15)}${key.id}`, `${pad('Name', 15)}k`, `${pad('Description', 15)}the key`, `${pad('CRN', 15)}${key.crn}`,
        `${pad('Version', 15)}${now.entity_tag}`, `${pad('Created At', 15)}${key.created_at}`,
        `${pad('Last Updated', 15)}${now.modified_at}`, `${pad('Expires At', 15)}2099-01-01T00:00+0000`,
        `${pad('If Leaked', 15)}NONE`, `${pad('Locked', 15)}false`, `${pad('Disabled', 15)}false`, '',
      ].join('\n'));
    });

    it('JSON: the key as one document, without its secret', async () => {
      const r = await cli(['service-api-key', key.id, 'app', '-o', 'json']);
      expect(r.code).toBe(0);
      const got = oneJsonDocument<ApiKey>(r.stdout);
      expect(got).toEqual({ ...key, apikey: '' });
    });

    it('--uuid prints the id only (text and JSON), by name or by UUID', async () => {
      expect(await cli(['service-api-key', 'k', 'app', '--uuid'])).toEqual({
        code: 0, stdout: `${key.id}\n`, stderr: '',
      });
      const json = await cli(['service-api-key', 'k', sid.id, '--uuid', '-o', 'json']);
      expect(json.stdout).toBe(`"${key.id}"\n`);
      const byId = await cli(['service-api-key', key.id, sid.id, '--uuid', '-q']);
      expect(byId).toEqual({ code: 0, stdout: `${key.id}\n`, stderr: '' });
    });

    it('does not find a key by its UUID under another service ID (exit 3)', async () => {
      const other = await createServiceId(home, 'other');
      const r = await cli(['service-api-key', key.id, other.id]);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(`API key '${key.id}' was not found in service ID '${other.id}'.`);
    });
  });

  it('list and read commands never ask, even with nothing to answer', async () => {
    await createKey(home, 'k', 'app');
    const never = new ScriptedPrompter([]);
    for (const argv of [['service-api-keys', 'app'], ['service-api-keys', '-a'], ['service-api-key', 'k', 'app']]) {
      expect((await cli(argv, { prompter: never, env: { CI: 'true' } })).code).toBe(0);
    }
    expect(never.questions).toEqual([]);
    expect(await allKeys(home)).toHaveLength(1);
  });
});
