// service-api-key-create --file: the key is saved to the file (0600, IBM's console JSON) and the text keeps
// ibmcloud's layout with the `API Key` row (scripts read it with `awk '/API Key/'`); the folder is checked
// before the key is created; an existing file is replaced atomically (scripts pass "$(mktemp)"), a symbolic
// link is refused.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ScriptedPrompter, runCli, tempHome } from '../helpers/run-cli.js';
import {
  after, createServiceId, detailRows, expectOneLineFailure, listKeys, fileMode, progressUser, type ApiKey, type ServiceId,
} from '../helpers/cli.js';
import { BIN } from '../helpers/spawn.js';

interface KeyFile {
  name: string;
  description: string;
  apikey: string;
  createdAt: string;
}

const readKeyFile = (path: string): KeyFile => JSON.parse(readFileSync(path, 'utf8')) as KeyFile;

describe('service-api-key-create --file', () => {
  let home: string;
  let dir: string;
  let sid: ServiceId;
  beforeEach(async () => {
    home = tempHome();
    dir = tempHome('iamkeys-file-');
    sid = await createServiceId(home, 'app');
  });

  it('text: the key goes to the file (0600, name/description/apikey/createdAt); the output says where and keeps the API Key row', async () => {
    const file = join(dir, 'key.json');
    const r = await runCli(['service-api-key-create', 'k', 'app', '-d', 'for ci', '--file', file], { home });
    expect(r.code, r.stderr).toBe(0);
    expect(fileMode(file)).toBe(0o600);
    const saved = readKeyFile(file);
    expect(Object.keys(saved)).toEqual(['name', 'description', 'apikey', 'createdAt']);
    const [key] = await listKeys(home, 'app');
    expect(saved).toEqual({ name: 'k', description: 'for ci', apikey: saved.apikey, createdAt: key!.created_at });
    expect(saved.apikey).toMatch(/^[A-Za-z0-9_-]{44}$/);
    expect(r.stderr).not.toContain(saved.apikey);
    const user = await progressUser(home);
    expect(r.stderr).toBe("\nPlease preserve the API key! It cannot be retrieved after it's created.\n");
    const rows = detailRows(after(r.stdout,
      `Creating API key k of service ID app under account ${sid.account_id} as ${user}...\nOK\nService ID API key k is created\n`
      + `Successfully saved API key information to ${file}\n\n`));
    expect(rows.get('ID')).toBe(key!.id);
    expect(rows.get('API Key')).toBe(saved.apikey);
    // What a real script does after --file: `awk '/API Key/{print $3}'`.
    expect(r.stdout.split('\n').filter((l) => /API Key/.test(l)).map((l) => l.split(/\s+/)[2])).toEqual([saved.apikey]);
    // No temporary file is left beside it.
    expect(readdirSync(dir)).toEqual(['key.json']);
  });

  it('JSON: the key on stdout with its apikey (the API\'s object, as without --file), the same secret in the file', async () => {
    const file = join(dir, 'key.json');
    const r = await runCli(['service-api-key-create', 'k', sid.id, '--file', file, '--output', 'json'], { home });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const key = JSON.parse(r.stdout) as ApiKey;
    const saved = readKeyFile(file);
    expect(saved.apikey).toHaveLength(44);
    expect(key).toMatchObject({ name: 'k', apikey: saved.apikey, iam_id: `iam-${sid.id}` });
    expect(fileMode(file)).toBe(0o600);
  });

  it('a relative file name is saved relative to the working folder, and reported with its full path', async () => {
    const full = join(dir, 'rel.json');
    const r = await runCli(['service-api-key-create', 'k', 'app', '--file', relative(process.cwd(), full)], { home });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Successfully saved API key information to ${full}\n`);
    expect(readKeyFile(full).name).toBe('k');
  });

  describe('a folder the file cannot go to: exit 2, one line, and no key is created', () => {
    it('the folder does not exist', async () => {
      const file = join(dir, 'missing', 'key.json');
      for (const output of [[], ['-o', 'json']]) {
        const r = await runCli(['service-api-key-create', 'k', 'app', '--file', file, ...output], { home });
        expectOneLineFailure(r, 2, `The folder of --file ${file} does not exist: ${join(dir, 'missing')}. Nothing was created.`);
      }
      expect(await listKeys(home, 'app')).toEqual([]);
      expect(existsSync(file)).toBe(false);
    });

    it('a path through a regular file (works as root too)', async () => {
      const plain = join(dir, 'plain');
      writeFileSync(plain, 'not a folder');
      const file = join(plain, 'key.json');
      const r = await runCli(['service-api-key-create', 'k', 'app', '--file', file], { home });
      expectOneLineFailure(r, 2, `${plain} is not a folder. Nothing was created.`);
      expect(await listKeys(home, 'app')).toEqual([]);
      expect(readFileSync(plain, 'utf8')).toBe('not a folder');
    });

    it('--file names a folder', async () => {
      const r = await runCli(['service-api-key-create', 'k', 'app', '--file', dir], { home });
      expectOneLineFailure(r, 2, `--file ${dir} is a folder. Give a file name. Nothing was created.`);
      expect(await listKeys(home, 'app')).toEqual([]);
    });

    it('--file is empty', async () => {
      const r = await runCli(['service-api-key-create', 'k', 'app', '--file', ' '], { home });
      expectOneLineFailure(r, 2, '--file needs a file name.');
      expect(await listKeys(home, 'app')).toEqual([]);
    });

    it('a read-only folder (0500), checked as an unprivileged user', async () => {
      const locked = join(dir, 'read-only');
      mkdirSync(locked);
      chmodSync(locked, 0o500);
      const file = join(locked, 'key.json');
      const message = `The folder ${locked} is not writable, so --file ${file} cannot be saved. Nothing was created.`;
      if (process.getuid?.() !== 0) {
        const r = await runCli(['service-api-key-create', 'k', 'app', '--file', file], { home });
        expectOneLineFailure(r, 2, message);
        expect(await listKeys(home, 'app')).toEqual([]);
      } else {
        // root writes anywhere (CAP_DAC_OVERRIDE); run the same binary as root without that capability
        // (util-linux setpriv), so it meets the permission check as a user would, wherever the clone lives.
        const cappedHome = tempHome('iamkeys-capped-');
        const caps = 'dac_override,dac_read_search';
        const run = (args: string[]) => spawnSync('setpriv', [`--inh-caps=-${caps.replace(',', ',-')}`, `--bounding-set=-${caps.replace(',', ',-')}`, process.execPath, BIN, ...args], {
          encoding: 'utf8', env: { PATH: process.env['PATH'], IAMKEYS_HOME: cappedHome },
        });
        expect(run(['service-id-create', 'app', '-q']).status).toBe(0);
        const r = run(['service-api-key-create', 'k', 'app', '--file', file]);
        expectOneLineFailure({ code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }, 2, message);
        const keys = run(['service-api-keys', 'app', '-o', 'json']);
        expect(keys.status, keys.stderr).toBe(0);
        expect(JSON.parse(keys.stdout)).toEqual([]);
      }
      expect(existsSync(file)).toBe(false);
    });
  });

  describe('an existing file', () => {
    let file: string;
    beforeEach(() => {
      file = join(dir, 'key.json');
      writeFileSync(file, 'old content\n', { mode: 0o644 });
    });

    it('is replaced atomically, without a question (CI, no TTY, empty stdin), 0600, one line on stderr', async () => {
      const prompter = new ScriptedPrompter([]); // fails the test if a question is asked
      const r = await runCli(['service-api-key-create', 'k', 'app', '--file', file], { home, prompter, stdin: '', env: { CI: 'true' } });
      expect(r.code, r.stderr).toBe(0);
      const saved = readKeyFile(file);
      expect(saved).toMatchObject({ name: 'k' });
      expect(fileMode(file)).toBe(0o600);
      expect(r.stderr.split('\n').filter((l) => l.includes(file))).toEqual([`Replaced the existing file ${file}.`]);
      expect(r.stdout).toContain(`Successfully saved API key information to ${file}\n`);
      expect(readdirSync(dir)).toEqual(['key.json']);
      expect(await listKeys(home, 'app')).toHaveLength(1);
    });

    it('-f and -q: replaced, nothing said but the details', async () => {
      const r = await runCli(['service-api-key-create', 'k', 'app', '--file', file, '-f', '-q'], { home, prompter: new ScriptedPrompter([]) });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      expect(detailRows(r.stdout).get('API Key')).toBe(readKeyFile(file).apikey);
      expect(fileMode(file)).toBe(0o600);
    });

    it('--output json: replaced, stderr stays empty', async () => {
      const r = await runCli(['service-api-key-create', 'k', 'app', '--file', file, '-o', 'json'], { home });
      expect(r).toMatchObject({ code: 0, stderr: '' });
      expect((JSON.parse(r.stdout) as ApiKey).apikey).toBe(readKeyFile(file).apikey);
    });
  });

  describe('a symbolic link: refused (exit 2, one line), its target untouched, no key created', () => {
    it.each([['to an existing file', true], ['dangling', false]])('%s', async (_, targetExists) => {
      const target = join(dir, 'target.json');
      if (targetExists) writeFileSync(target, 'keep me\n');
      const link = join(dir, 'link.json');
      symlinkSync(target, link);
      const r = await runCli(['service-api-key-create', 'k', 'app', '--file', link], { home });
      expectOneLineFailure(r, 2, `--file ${link} is a symbolic link; the key is not written through links. Give the real path. Nothing was created.`);
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      expect(existsSync(target) ? readFileSync(target, 'utf8') : 'absent').toBe(targetExists ? 'keep me\n' : 'absent');
      expect(await listKeys(home, 'app')).toEqual([]);
    });
  });
});
