// The confirmation on a real terminal: bin/iamkeys.js runs in a pseudo-terminal, inquirer asks on
// it, and the answer typed there decides. Driven by python3's pty module (test/helpers/pty_run.py).
import { beforeEach, describe, expect, it } from 'vitest';
import { tempHome } from '../helpers/run-cli.js';
import { createKey, createServiceId, listKeys, listServiceIds, type ApiKey } from '../helpers/cli.js';
import { runInPty } from '../helpers/pty.js';
import { spawn } from 'node:child_process';
import { BIN, cliEnv } from '../helpers/spawn.js';

const QUESTION = "Are you sure you want to delete API key 'k' of service ID 'app'?";

describe('a confirmation on a terminal', () => {
  let home: string;
  let key: ApiKey;
  beforeEach(async () => {
    home = tempHome();
    await createServiceId(home, 'app');
    key = await createKey(home, 'k', 'app');
  });

  it('y and Enter: the key is deleted, exit 0', async () => {
    const r = await runInPty(['service-api-key-delete', 'k', 'app'], {
      home, steps: [{ wait: 'Are you sure you want to delete API key', send: 'y\r' }],
    });
    expect(r.timed_out, r.plain).toBe(false);
    expect(r.steps_done).toBe(1);
    expect(r.status, r.plain).toBe(0);
    expect(r.plain).toContain(QUESTION);
    expect(r.plain).toMatch(/\nOK\nService ID API key k is deleted successfully\n$/);
    expect(await listKeys(home, 'app')).toEqual([]);
  });

  it('n and Enter: exit 1, the key is still there', async () => {
    const r = await runInPty(['service-api-key-delete', 'k', 'app'], {
      home, steps: [{ wait: 'Are you sure you want to delete API key', send: 'n\r' }],
    });
    expect(r.timed_out, r.plain).toBe(false);
    expect(r.status, r.plain).toBe(1);
    expect(r.plain).toContain(QUESTION);
    expect(r.plain).toContain('Cancelled: nothing was changed.');
    expect(r.plain).not.toMatch(/^OK$/m);
    expect((await listKeys(home, 'app')).map((k) => k.id)).toEqual([key.id]);
  });

  it('Enter alone takes the default, No', async () => {
    const r = await runInPty(['service-api-key-delete', key.id, 'app'], {
      home, steps: [{ wait: 'Are you sure you want to delete API key', send: '\r' }],
    });
    expect(r.status, r.plain).toBe(1);
    expect(await listKeys(home, 'app')).toHaveLength(1);
  });

  it('Ctrl-C at the prompt: exit 130, nothing changed', async () => {
    const r = await runInPty(['service-api-key-delete', 'k', 'app'], {
      home, steps: [{ wait: 'Are you sure you want to delete API key', send: '\x03' }],
    });
    expect(r.timed_out, r.plain).toBe(false);
    expect(r.status, r.plain).toBe(130);
    expect(r.plain).toMatch(/\nInterrupted: nothing was changed\.\n$/);
    expect(await listKeys(home, 'app')).toHaveLength(1);
  });

  it('SIGINT from outside at the prompt (kill -INT): the same message on its own line, exit 130', async () => {
    const r = await runInPty(['service-api-key-delete', 'k', 'app'], {
      home, steps: [{ wait: 'Are you sure you want to delete API key', signal: 'INT' }],
    });
    expect(r.timed_out, r.plain).toBe(false);
    expect(r.status, r.plain).toBe(130);
    expect(r.plain).toMatch(/\? Are you sure you want to delete API key[^\n]*\nInterrupted: nothing was changed\.\n$/);
    expect(await listKeys(home, 'app')).toHaveLength(1);
  });

  it('SIGINT from outside while a piped stdin is asked: the line ends, the same message, exit 130', async () => {
    const child = spawn(process.execPath, [BIN, 'service-api-key-delete', 'k', 'app'], { env: cliEnv(home), stdio: ['pipe', 'pipe', 'pipe'] });
    let err = '';
    const ended = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no question within 20 s: ${err}`)), 20_000);
      child.stderr.setEncoding('utf8').on('data', (s: string) => {
        err += s;
        if (err.endsWith('[y/N]> ')) { clearTimeout(t); resolve(); }
      });
    });
    child.kill('SIGINT');
    expect(await ended).toBe(130);
    child.stdin.end();
    expect(err).toBe(`${QUESTION} [y/N]> \nInterrupted: nothing was changed.\n`);
    expect(await listKeys(home, 'app')).toHaveLength(1);
  });

  it('-f on a terminal: no question', async () => {
    const r = await runInPty(['service-api-key-delete', 'k', 'app', '-f'], { home });
    expect(r.status, r.plain).toBe(0);
    expect(r.plain).not.toContain('Are you sure');
    expect(await listKeys(home, 'app')).toEqual([]);
  });

  it('CI set does not stop a question on a terminal', async () => {
    const r = await runInPty(['iam', 'service-id-delete', 'app'], {
      home, env: { CI: 'true' }, steps: [{ wait: "Are you sure you want to delete service ID 'app' and all its API keys?", send: 'y\r' }],
    });
    expect(r.status, r.plain).toBe(0);
    expect(await listServiceIds(home)).toEqual([]);
  });

  it('colour on a terminal, none with NO_COLOR', async () => {
    const coloured = await runInPty(['service-api-keys', 'app'], { home });
    expect(coloured.status).toBe(0);
    expect(coloured.output).toContain('\x1b[32m\x1b[1mOK\x1b[22m\x1b[39m');
    const plain = await runInPty(['service-api-keys', 'app'], { home, env: { NO_COLOR: '1' } });
    expect(plain.status).toBe(0);
    expect(plain.output).not.toContain('\x1b[');
    expect(plain.plain).toContain(key.id);
  });
});
