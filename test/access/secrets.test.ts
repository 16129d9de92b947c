// Secrets at rest and in flight, over one whole session: `iamkeys serve` as a child process, `login` to it,
// users and keys made with --file / --apikey-file and with --output json, every kind of command after that (lists,
// shows, updates, lock/unlock, disable/enable, delete, refusals and errors), IBMCLOUD_TRACE to a file. Then every
// file under the temporary root (the CLI's home, the server's home with its store, the key files, the trace),
// every stdout and stderr captured, and the argument list of the child process are searched for each secret:
// it is found only in the --file the user asked for, or in the output of the create that made it. Every file is
// 0600, every folder iamkeys made 0700.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalUser } from '../../src/wire/identities.js';
import type { ApiKey, ServiceId } from '../../src/wire/types.js';
import { runCli, tempHome, type CliResult } from '../helpers/run-cli.js';
import { BIN, cliEnv } from '../helpers/spawn.js';

interface Output { label: string; text: string }

/** Where a secret may be: the files written for it and the outputs of the command that created it. */
interface Secret { what: string; value: string; files: string[]; outputs: string[] }

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(p, ...walk(p));
    else out.push(p);
  }
  return out;
}

describe('no secret outside the --file asked for and the create output', () => {
  const root = tempHome('iamkeys-secrets-');
  const home = join(root, 'home');
  const serverHome = join(root, 'server-home');
  const files = join(root, 'files');
  const trace = join(root, 'trace.log');
  const outputs: Output[] = [];
  const secrets: Secret[] = [];
  let child: ChildProcess;
  let childArgs: string[] = [];
  let childOut = '';
  let childErr = '';
  let url = '';
  let settingsWhileLoggedIn = '';
  /** Every file under the root and its bytes, taken while logged in with the server running (tokens.json, the WAL). */
  let duringSession = new Map<string, string>();
  let modesDuringSession = new Map<string, number>();
  const snapshot = (): Map<string, string> =>
    new Map(walk(root).filter((p) => statSync(p).isFile()).map((p) => [p, readFileSync(p).toString('latin1')]));
  const modes = (): Map<string, number> => new Map(walk(root).map((p) => [p, statSync(p).mode]));

  async function cli(label: string, argv: string[], o: { env?: Record<string, string>; code?: number } = {}): Promise<CliResult> {
    const r = await runCli(argv, { home, env: { IBMCLOUD_TRACE: trace, ...(o.env ?? {}) } });
    outputs.push({ label: `${label} stdout`, text: r.stdout }, { label: `${label} stderr`, text: r.stderr });
    expect(r.code, `${label}: ${argv.join(' ')}\n${r.stderr}`).toBe(o.code ?? 0);
    return r;
  }
  const keyIn = (file: string): string => (JSON.parse(readFileSync(file, 'utf8')) as { apikey: string }).apikey;
  const fileSecret = (what: string, file: string): void => { secrets.push({ what, value: keyIn(file), files: [file], outputs: [] }); };
  /** A key create with --file: the file and that create's stdout (the `API Key` row, or the JSON's apikey). */
  const createdToFile = (what: string, file: string): void => {
    secrets.push({ what, value: keyIn(file), files: [file], outputs: [outputs[outputs.length - 2]!.label] });
  };
  const outputSecret = (what: string, value: string): void => {
    // the create's own stdout is the one output allowed to hold it (pushed just before)
    secrets.push({ what, value, files: [], outputs: [outputs[outputs.length - 2]!.label] });
  };

  beforeAll(async () => {
    mkdirSync(files, { mode: 0o700 });
    childArgs = [BIN, 'serve', '--port', '0', '--apikey-file', join(files, 'owner.json')];
    child = spawn(process.execPath, childArgs, { env: cliEnv(serverHome), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr!.setEncoding('utf8').on('data', (s: string) => { childErr += s; });
    url = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`serve printed no URL: ${childErr}`)), 15_000);
      child.stdout!.setEncoding('utf8').on('data', (s: string) => {
        childOut += s;
        if (childOut.includes('\n')) {
          clearTimeout(t);
          resolve(childOut.split('\n')[0]!.trim());
        }
      });
    });
    secrets.push({ what: 'owner key (serve --apikey-file)', value: keyIn(join(files, 'owner.json')), files: [join(files, 'owner.json')], outputs: [] });

    // --- the session -------------------------------------------------------------------------------------
    await cli('login', ['login', '--apikey', `@${join(files, 'owner.json')}`, '-a', url]);
    await cli('target', ['target', '-o', 'json']);
    await cli('user-create dev', ['user-create', 'dev', '--email', 'dev@example.com', '--apikey-file', join(files, 'dev.json')]);
    fileSecret('dev key (user-create --apikey-file)', join(files, 'dev.json'));
    await cli('user-create ops', ['user-create', 'ops', '--email', 'ops@example.com', '--admin', '--apikey-file', join(files, 'ops.json'), '-o', 'json']);
    fileSecret('ops key (user-create --admin --apikey-file -o json)', join(files, 'ops.json'));
    await cli('user-apikey-create --file', ['user-apikey-create', 'dev@example.com', '-n', 'dev-second', '--file', join(files, 'dev-2.json')]);
    createdToFile('second dev key (user-apikey-create --file)', join(files, 'dev-2.json'));
    let r = await cli('user-apikey-create json', ['user-apikey-create', 'dev@example.com', '-n', 'dev-third', '-o', 'json']);
    outputSecret('third dev key (user-apikey-create -o json)', (JSON.parse(r.stdout) as ApiKey).apikey);
    r = await cli('user-apikey-create text', ['user-apikey-create', 'ops@example.com', '-n', 'ops-second']);
    outputSecret('second ops key (user-apikey-create, text)', /^API Key\s+(\S+)$/m.exec(r.stdout)![1]!);

    await cli('service-id-create app', ['service-id-create', 'app', '-d', 'the app', '-o', 'json']);
    const other = JSON.parse((await cli('service-id-create other', ['service-id-create', 'other', '-o', 'json'])).stdout) as ServiceId;
    await cli('grant', ['service-id-grant', 'dev@example.com', 'app']);
    await cli('k1 --file', ['service-api-key-create', 'k1', 'app', '--file', join(files, 'k1.json')]);
    createdToFile('k1 (--file)', join(files, 'k1.json'));
    await cli('k1b --file json', ['service-api-key-create', 'k1b', 'app', '--file', join(files, 'k1b.json'), '-o', 'json', '--lock']);
    createdToFile('k1b (--file -o json)', join(files, 'k1b.json'));
    r = await cli('k2 json', ['service-api-key-create', 'k2', 'app', '-o', 'json', '--expires-in', '30d']);
    outputSecret('k2 (-o json)', (JSON.parse(r.stdout) as ApiKey).apikey);
    r = await cli('k3 text', ['service-api-key-create', 'k3', 'app', '-d', 'shown once']);
    outputSecret('k3 (text)', /^API Key\s+(\S+)$/m.exec(r.stdout)![1]!);
    const asDev = { IBMCLOUD_API_KEY: `@${join(files, 'dev.json')}` };
    await cli('k4 by dev --file', ['service-api-key-create', 'k4', 'app', '--file', join(files, 'k4.json'), '-o', 'json'], { env: asDev });
    createdToFile('k4 (made by dev, --file)', join(files, 'k4.json'));

    // everything else a user does, as the owner (the session) and as dev (IBMCLOUD_API_KEY @file)
    for (const [label, argv] of [
      ['list json', ['service-api-keys', 'app', '-o', 'json']],
      ['list text', ['service-api-keys', 'app']],
      ['list all', ['service-api-keys', '--all', '-o', 'json']],
      ['show json', ['service-api-key', 'k1', 'app', '-o', 'json']],
      ['show text', ['service-api-key', 'k2', 'app']],
      ['update', ['service-api-key-update', 'k1', 'app', '-d', 'changed', '-f', '-o', 'json']],
      ['lock', ['service-api-key-lock', 'k2', 'app', '-f']],
      ['unlock', ['service-api-key-unlock', 'k2', 'app', '-f']],
      ['disable', ['service-api-key-disable', 'k3', 'app', '-f', '-o', 'json']],
      ['enable', ['service-api-key-enable', 'k3', 'app', '-f']],
      ['delete', ['service-api-key-delete', 'k3', 'app', '-f', '-o', 'json']],
      ['service-ids', ['service-ids', '-o', 'json']],
      ['service-id', ['service-id', 'app']],
      ['users json', ['users', '-o', 'json']],
      ['users text', ['users']],
    ] as const) await cli(label, [...argv]);
    await cli('dev lists', ['service-api-keys', 'app', '-o', 'json'], { env: asDev });
    await cli('ops lists all', ['service-api-keys', '--all'], { env: { IBMCLOUD_API_KEY: `@${join(files, 'ops.json')}` } });
    // failures: their messages must not carry a secret either
    await cli('dev refused', ['service-api-keys', other.id], { env: asDev, code: 4 });
    await cli('dev does not see', ['service-api-keys', 'other'], { env: asDev, code: 3 });
    await cli('dev raises own role', ['user-role', 'dev@example.com', 'admin'], { env: asDev, code: 4 });
    await cli('not found', ['service-api-key-create', 'k5', 'no-such-service'], { code: 3 });
    await cli('stale', ['service-api-key-update', 'k1', 'app', '-d', 'x', '-v', '1-00000000000000000000000000000000', '-f'], { code: 5 });
    await cli('locked', ['service-api-key-delete', 'k1b', 'app', '-f'], { code: 5 });
    await cli('bad key', ['service-ids'], { env: { IBMCLOUD_API_KEY: 'not-a-key-but-long-enough-to-look-like-one-0123' }, code: 4 });
    const disabledKey = secrets.find((s) => s.what.startsWith('k2'))!.value;
    await cli('disable k2', ['service-api-key-disable', 'k2', 'app', '-f']);
    await cli('disabled key', ['service-ids'], { env: { IBMCLOUD_API_KEY: disabledKey }, code: 4 });

    settingsWhileLoggedIn = readFileSync(join(home, 'settings.json'), 'utf8');
    duringSession = snapshot();
    modesDuringSession = modes();
    await cli('logout', ['logout']);

    child.kill('SIGTERM');
    await new Promise((resolve) => child.on('exit', resolve));
    outputs.push({ label: 'serve stdout', text: childOut }, { label: 'serve stderr', text: childErr });
  });

  afterAll(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('made the secrets it searches for (eleven keys, each 44 characters) and a trace of the HTTP traffic', () => {
    expect(secrets).toHaveLength(11);
    for (const s of secrets) expect(s.value, s.what).toMatch(/^[A-Za-z0-9_-]{44}$/);
    expect(new Set(secrets.map((s) => s.value)).size).toBe(secrets.length);
    const t = readFileSync(trace, 'utf8');
    expect(t).toMatch(/POST \/identity\/token/);
    expect(t).toMatch(/POST \/v1\/apikeys/);
    expect(t).toMatch(/\/v1\/iamkeys\/users/);
    expect(t).toContain('[PRIVATE DATA HIDDEN]');
  });

  it('during the session, every file under the temporary root holds no secret but in its --file (and the session key in settings.json)', () => {
    expect([...duringSession.keys()].map((p) => relative(root, p))).toEqual(expect.arrayContaining(
      ['trace.log', 'home/settings.json', 'home/tokens.json', 'server-home/store.db', 'server-home/store.db-wal']));
    for (const [file, bytes] of duringSession) {
      for (const s of secrets) {
        // the one copy kept on purpose: the session's key, so tokens renew without the user acting
        const allowed = s.files.includes(file) || (file === join(home, 'settings.json') && s === secrets[0]);
        expect(bytes.includes(s.value), `${s.what} in ${relative(root, file)}`).toBe(allowed);
      }
    }
  });

  it('after logout and the server stopped, every file under the temporary root holds no secret but in its --file', () => {
    const after = snapshot();
    expect([...after.keys()].map((p) => relative(root, p))).toEqual(expect.arrayContaining(['trace.log', 'server-home/store.db']));
    for (const [file, bytes] of after) {
      for (const s of secrets) expect(bytes.includes(s.value), `${s.what} in ${relative(root, file)}`).toBe(s.files.includes(file));
    }
  });

  it('no stdout or stderr holds a secret but the output of the create that made it', () => {
    for (const o of outputs) {
      for (const s of secrets) expect(o.text.includes(s.value), `${s.what} in ${o.label}`).toBe(s.outputs.includes(o.label));
    }
  });

  it('the --output json of everything but a create shows the apikey field empty', () => {
    for (const o of outputs.filter((x) => x.label.endsWith('stdout') && /^(list|show|update|dev lists|service-ids)/.test(x.label))) {
      expect(o.text).not.toMatch(/"apikey": "[^"]/);
    }
  });

  it('no secret in the arguments of the child process', () => {
    for (const s of secrets) expect(childArgs.join(' ')).not.toContain(s.value);
  });

  it('access tokens and the signing secret stay where they belong', () => {
    // the last tokens cache was removed by logout; tokens seen in the trace would be the leak, and there are none
    const t = readFileSync(trace, 'utf8');
    expect(t).not.toMatch(/eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/);
    for (const o of outputs) expect(o.text, o.label).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/);
    const storeText = readFileSync(join(serverHome, 'store.db')).toString('latin1');
    const m = /token_signing_secret([0-9a-f]{64})/.exec(storeText);
    if (m) {
      for (const file of walk(root).filter((p) => statSync(p).isFile() && !p.startsWith(join(serverHome, 'store.db')))) {
        expect(readFileSync(file).toString('latin1').includes(m[1]!), file).toBe(false);
      }
    }
  });

  it('while logged in, settings.json (0600) holds the session key and no other: the one copy kept on purpose', () => {
    const owner = secrets[0]!;
    expect(settingsWhileLoggedIn).toContain(owner.value);
    for (const s of secrets.slice(1)) expect(settingsWhileLoggedIn).not.toContain(s.value);
    expect(readFileSync(join(home, 'settings.json'), 'utf8')).not.toContain(owner.value);
  });

  it('every file is 0600 and every folder iamkeys made 0700, during the session and after', () => {
    for (const m of [modesDuringSession, modes()]) {
      expect(m.size).toBeGreaterThan(10);
      for (const [p, mode] of m) {
        const isDir = (mode & 0o170000) === 0o040000;
        if (isDir && p !== home && p !== serverHome) continue; // folders the test made
        expect((mode & 0o777).toString(8), relative(root, p)).toBe(isDir ? '700' : '600');
      }
    }
  });

  it('the key files are the JSON IBM\'s console download has', () => {
    const k1 = JSON.parse(readFileSync(join(files, 'k1.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(k1)).toEqual(['name', 'description', 'apikey', 'createdAt']);
    const dev = JSON.parse(readFileSync(join(files, 'dev.json'), 'utf8')) as Record<string, string>;
    expect(dev['name']).toBe('iamkeys-user-key');
  });

  it('the JSON of users and service IDs carries no key material', () => {
    for (const o of outputs.filter((x) => /^(users json|service-ids) stdout$/.test(x.label))) {
      const v = JSON.parse(o.text) as (LocalUser | ServiceId)[];
      expect(JSON.stringify(v)).not.toMatch(/value_hash|secret/);
    }
  });
});
