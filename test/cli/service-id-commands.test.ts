// Every service-id command in text and JSON output, at the root and under `iam`.
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempHome, type RunOptions } from '../helpers/run-cli.js';
import {
  ETAG_RE, IAM_TIME_RE, SERVICE_ID_RE, createKey, createServiceId, detailRows, getServiceId, listKeys, listServiceIds,
  after, parseJson, progressUser, tableRows, type ServiceId,
} from '../helpers/cli.js';
import { oneJsonDocument } from '../helpers/json.js';

const pad = (label: string): string => label.padEnd(14);

/** ibmcloud's detail view of a service ID: labels in a 14-character column. */
const detailText = (s: ServiceId): string => [
  `${pad('ID')}${s.id}`, `${pad('Name')}${s.name}`, `${pad('Description')}${s.description ?? ''}`.trimEnd(),
  `${pad('CRN')}${s.crn}`, `${pad('Version')}${s.entity_tag}`, `${pad('Locked')}${s.locked}`, '',
].join('\n');

describe.each([[[] as string[]], [['iam']]])('service-id commands (prefix %j)', (prefix) => {
  let home: string;
  let user: string;
  const cli = (argv: string[], o: Omit<RunOptions, 'home'> = {}) => runCli([...prefix, ...argv], { home, ...o });

  beforeEach(async () => {
    home = tempHome();
    user = await progressUser(home);
  });

  describe('service-id-create', () => {
    it('text: progress, OK (line 2, as `awk \'NR==2\'` reads it), the sentence and the details on stdout', async () => {
      const r = await cli(['service-id-create', 'app', '-d', 'hello, world!']);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout.split('\n')[1]).toBe('OK');
      const table = after(r.stdout, `Creating service ID app bound to current account as ${user}...\nOK\nService ID app is created successfully\n\n`);
      expect(table).toMatch(/^ID {12}ServiceId-[0-9a-f-]{36}\n/);
      const [sid] = await listServiceIds(home);
      expect(sid).toMatchObject({ name: 'app', description: 'hello, world!', locked: false });
      expect(table).toBe(detailText(sid!));
    });

    it('JSON: one document with the IAM fields; -q leaves stderr empty', async () => {
      const r = await cli(['service-id-create', 'app', '--lock', '-q', '--output', 'json']);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      const sid = oneJsonDocument<ServiceId>(r.stdout);
      expect(sid.id).toMatch(SERVICE_ID_RE);
      expect(sid).toMatchObject({ name: 'app', locked: true, iam_id: `iam-${sid.id}`, unique_instance_crns: [] });
      expect(sid.entity_tag).toMatch(ETAG_RE);
      expect(sid.created_at).toMatch(IAM_TIME_RE);
      expect(sid.modified_at).toMatch(IAM_TIME_RE);
      expect(sid.crn).toBe(`crn:v1:bluemix:public:iam-identity::a/${sid.account_id}::serviceid:${sid.id}`);
      expect(await getServiceId(home, sid.id)).toEqual(sid);
    });

    it('JSON without -q: nothing but the JSON, anywhere (scripts parse `2>&1`)', async () => {
      const r = await cli(['service-id-create', 'app', '-o', 'JSON']);
      expect(r.stderr).toBe('');
      expect(oneJsonDocument<ServiceId>(r.stdout).name).toBe('app');
    });
  });

  describe('service-id-update', () => {
    it('text: progress, OK and the new details', async () => {
      await createServiceId(home, 'app', ['-d', 'old']);
      const r = await cli(['service-id-update', 'app', '-n', 'app-2', '-d', 'hello, friend!', '-f']);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      const [sid] = await listServiceIds(home);
      expect(sid).toMatchObject({ name: 'app-2', description: 'hello, friend!' });
      expect(sid!.entity_tag).toMatch(/^2-/);
      expect(after(r.stdout, `Updating service ID app as ${user}...\nOK\nService ID app-2 is updated successfully\n\n`)).toBe(detailText(sid!));
    });

    it('JSON: the updated service ID, by UUID', async () => {
      const made = await createServiceId(home, 'app');
      const r = await cli(['service-id-update', made.id, '-d', 'new', '--force', '-o', 'json']);
      expect(r.code).toBe(0);
      const sid = oneJsonDocument<ServiceId>(r.stdout);
      expect(sid).toMatchObject({ id: made.id, name: 'app', description: 'new' });
      expect(r.stderr).toBe('');
    });

    it('needs -n or -d (exit 2)', async () => {
      await createServiceId(home, 'app');
      const r = await cli(['service-id-update', 'app', '-f']);
      expect(r).toEqual({ code: 2, stdout: '', stderr: 'FAILED\nNothing to update: give -n NEW_NAME and/or -d DESCRIPTION.\n' });
    });
  });

  const actions: { verb: string; doing: string; done: string; result: string; create?: string[]; check: (s: ServiceId[]) => void }[] = [
    { verb: 'delete', doing: 'Deleting', done: 'is deleted successfully', result: 'deleted', check: (s) => expect(s).toEqual([]) },
    { verb: 'lock', doing: 'Locking', done: 'is locked', result: 'locked', check: (s) => expect(s[0]!.locked).toBe(true) },
    { verb: 'unlock', doing: 'Unlocking', done: 'is unlocked', result: 'unlocked', create: ['--lock'], check: (s) => expect(s[0]!.locked).toBe(false) },
  ];

  describe.each(actions)('service-id-$verb', (a) => {
    let sid: ServiceId;
    beforeEach(async () => {
      sid = await createServiceId(home, 'app', a.create ?? []);
    });

    it('text: progress, OK and the result on stdout, nothing on stderr', async () => {
      const r = await cli([`service-id-${a.verb}`, 'app', '-f']);
      expect(r).toEqual({ code: 0, stderr: '', stdout: `${a.doing} service ID app as ${user}...\nOK\nService ID app ${a.done}\n` });
      a.check(await listServiceIds(home));
    });

    it('JSON: {"id", "result"} as one document, by UUID', async () => {
      const r = await cli([`service-id-${a.verb}`, sid.id, '--force', '--output', 'json']);
      expect(r.code).toBe(0);
      expect(oneJsonDocument(r.stdout)).toEqual({ id: sid.id, result: a.result });
      expect(r.stderr).toBe('');
      a.check(await listServiceIds(home));
    });

    it('-q: nothing at all (ibmcloud\'s quiet hides progress, OK and sentences)', async () => {
      const r = await cli([`service-id-${a.verb}`, 'app', '-f', '-q']);
      expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
      a.check(await listServiceIds(home));
    });
  });

  it('service-id-delete deletes the service ID\'s keys with it', async () => {
    const sid = await createServiceId(home, 'app');
    const other = await createServiceId(home, 'other');
    await createKey(home, 'k1', 'app');
    await createKey(home, 'k2', 'app');
    const kept = await createKey(home, 'k3', 'other');
    expect((await cli(['service-id-delete', 'app', '-f'])).code).toBe(0);
    const gone = await cli(['service-api-keys', sid.id, '-o', 'json']);
    expect(gone.code).toBe(3);
    expect((await listKeys(home, other.id)).map((k) => k.id)).toEqual([kept.id]);
  });

  describe('service-ids', () => {
    it('text: the table with ibmcloud\'s headers, aligned', async () => {
      const a = await createServiceId(home, 'alpha', ['-d', 'first one']);
      const b = await createServiceId(home, 'beta', ['--lock']);
      const r = await cli(['service-ids']);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      const table = after(r.stdout, `Getting all services IDs bound to current account as ${user}...\nOK\n`);
      expect(table.split('\n')[0]).toBe(
        'UUID                                             Name    Created At              Last Updated            Description   Locked');
      expect(tableRows(table)).toEqual([
        { UUID: a.id, Name: 'alpha', 'Created At': a.created_at, 'Last Updated': a.modified_at, Description: 'first one', Locked: 'false' },
        { UUID: b.id, Name: 'beta', 'Created At': b.created_at, 'Last Updated': b.modified_at, Description: '', Locked: 'true' },
      ]);
    });

    it('JSON: an array, [] when there are none', async () => {
      const empty = await cli(['service-ids', '--output', 'json']);
      expect(empty).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
      const a = await createServiceId(home, 'alpha');
      const r = await cli(['service-ids', '-o', 'json']);
      expect(oneJsonDocument<ServiceId[]>(r.stdout)).toEqual([a]);
    });

    it('text: none found is said after OK on stdout', async () => {
      const r = await cli(['service-ids']);
      expect(r).toEqual({ code: 0, stderr: '', stdout: `Getting all services IDs bound to current account as ${user}...\nOK\nNo service ID was found.\n` });
    });

    it('--uuid, -n and -d', async () => {
      const a = await createServiceId(home, 'web-prod', ['-d', 'frontend']);
      const b = await createServiceId(home, 'web-test', ['-d', 'backend']);
      const c = await createServiceId(home, 'db', ['-d', 'backend store']);
      expect((await cli(['service-ids', '--uuid'])).stdout).toBe(`${a.id}\n${b.id}\n${c.id}\n`);
      expect(oneJsonDocument((await cli(['service-ids', '--uuid', '-o', 'json'])).stdout)).toEqual([a.id, b.id, c.id]);
      const names = async (...flags: string[]) =>
        oneJsonDocument<ServiceId[]>((await cli(['service-ids', ...flags, '-o', 'json'])).stdout).map((s) => s.name);
      expect(await names('-n', 'web')).toEqual(['web-prod', 'web-test']);
      expect(await names('--name', 'db')).toEqual(['db']);
      expect(await names('-d', 'backend')).toEqual(['web-test', 'db']);
      expect(await names('--description', 'back', '--name', 'test')).toEqual(['web-test']);
      expect(await names('-n', 'none-such')).toEqual([]);
      expect((await cli(['service-ids', '-n', 'web', '--uuid', '-q'])).stdout).toBe(`${a.id}\n${b.id}\n`);
      expect(tableRows((await cli(['service-ids', '-d', 'store', '-q'])).stdout).map((r) => r['Name'])).toEqual(['db']);
    });
  });

  describe('service-id', () => {
    it('text: progress, OK and the 14-character detail table on stdout', async () => {
      const sid = await createServiceId(home, 'app', ['-d', 'demo']);
      const r = await cli(['service-id', 'app']);
      expect(r).toEqual({ code: 0, stdout: `Getting service ID app as ${user}...\nOK\n\n${detailText(sid)}`, stderr: '' });
      expect(detailRows(after(r.stdout, `Getting service ID app as ${user}...\nOK\n\n`)).get('ID')).toBe(sid.id);
    });

    it('JSON is an array (by name and by UUID, as ibmcloud), --uuid the id alone', async () => {
      const sid = await createServiceId(home, 'app');
      expect(oneJsonDocument((await cli(['service-id', sid.id, '-o', 'json'])).stdout)).toEqual([sid]);
      expect(oneJsonDocument((await cli(['service-id', 'app', '-o', 'json'])).stdout)).toEqual([sid]);
      expect(await cli(['service-id', 'app', '--uuid'])).toEqual({ code: 0, stdout: `${sid.id}\n`, stderr: '' });
      expect(parseJson((await cli(['service-id', sid.id, '--uuid', '-o', 'json', '-q'])).stdout)).toEqual([sid.id]);
      expect(parseJson((await cli(['service-id', 'app', '--uuid', '--output', 'Json'])).stdout)).toEqual([sid.id]);
    });

    it('a name held by several: every match is shown (text and JSON), no exit 6', async () => {
      const one = await createServiceId(home, 'dup', ['-d', 'one']);
      const two = await createServiceId(home, 'dup', ['-d', 'two']);
      const json = await cli(['service-id', 'dup', '--output', 'json']);
      expect(json).toMatchObject({ code: 0, stderr: '' });
      expect(oneJsonDocument(json.stdout)).toEqual([one, two]);
      const text = await cli(['service-id', 'dup']);
      expect(text).toEqual({ code: 0, stderr: '', stdout: `Getting service ID dup as ${user}...\nOK\n\n${detailText(one)}\n${detailText(two)}` });
      expect((await cli(['service-id', 'dup', '--uuid'])).stdout).toBe(`${one.id}\n${two.id}\n`);
    });
  });
});

describe('colour', () => {
  const GREEN_OK = '\x1b[32m\x1b[1mOK\x1b[22m\x1b[39m';
  let home: string;
  beforeEach(async () => {
    home = tempHome();
    await createServiceId(home, 'app');
  });

  it('on a terminal stdout: OK in green and names highlighted; stdout not a terminal stays plain', async () => {
    const r = await runCli(['service-ids'], { home, stderrTTY: true });
    expect(r.stdout).not.toContain('\x1b[');
    const tty = await runCli(['service-ids'], { home, stdoutTTY: true });
    expect(tty.stdout).toContain(GREEN_OK);
    expect(tty.stderr).not.toContain('\x1b[');
  });

  it.each([
    ['NO_COLOR', ['service-ids'], { NO_COLOR: '1' }],
    ['--no-color', ['service-ids', '--no-color'], {}],
    ['IBMCLOUD_COLOR=false', ['service-ids'], { IBMCLOUD_COLOR: 'false' }],
    ['TERM=dumb', ['service-ids'], { TERM: 'dumb' }],
  ])('off with %s, even on a terminal', async (_, argv, env) => {
    const r = await runCli(argv, { home, stdoutTTY: true, stderrTTY: true, env });
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toContain('\x1b[');
  });

  it('on with IBMCLOUD_COLOR=true without a terminal; JSON is never coloured', async () => {
    const r = await runCli(['service-ids'], { home, env: { IBMCLOUD_COLOR: 'true' } });
    expect(r.stdout).toContain(GREEN_OK);
    const json = await runCli(['service-ids', '-o', 'json'], { home, stdoutTTY: true, env: { IBMCLOUD_COLOR: 'true' } });
    expect(json.stdout).not.toContain('\x1b[');
    expect(JSON.parse(json.stdout)).toHaveLength(1);
  });

  it('FAILED is red on a terminal', async () => {
    const r = await runCli(['service-id', 'no-such'], { home, stderrTTY: true });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('\x1b[31m\x1b[1mFAILED\x1b[22m\x1b[39m');
  });
});
