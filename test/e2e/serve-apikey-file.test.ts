// `serve --apikey-file F`: the non-interactive way to a key of the owner. A key already in F that still
// authenticates is reused (the JSON --file writes, or plain text); anything else gets a new key written to F.
import { spawn } from 'node:child_process';
import { lstatSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempHome } from '../helpers/run-cli.js';
import { BIN, cliEnv, runBin } from '../helpers/spawn.js';

/** Starts serve on the store of home, waits for its URL, exchanges the key in keyFile, stops it. */
async function serveOnce(home: string, keyFile: string): Promise<{ tokenStatus: number }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--apikey-file', keyFile], { env: cliEnv(home), stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const t = setTimeout(() => reject(new Error('serve printed no URL within 15 s')), 15_000);
      child.stdout.setEncoding('utf8').on('data', (s: string) => {
        out += s;
        if (out.includes('\n')) { clearTimeout(t); resolve(out.split('\n')[0]!.trim()); }
      });
      child.on('exit', (code) => { clearTimeout(t); reject(new Error(`serve exited ${code}`)); });
    });
    const apikey = readFileSync(keyFile, 'utf8').trim().startsWith('{')
      ? (JSON.parse(readFileSync(keyFile, 'utf8')) as { apikey: string }).apikey
      : readFileSync(keyFile, 'utf8').trim();
    const res = await fetch(`${url}/identity/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ibm:params:oauth:grant-type:apikey', apikey }),
    });
    await res.text();
    return { tokenStatus: res.status };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

describe('serve --apikey-file', () => {
  it('writes an owner key 0600 that authenticates, and reuses it on the next start', async () => {
    const home = tempHome();
    const keyFile = join(home, 'owner.json');
    expect((await serveOnce(home, keyFile)).tokenStatus).toBe(200);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const first = readFileSync(keyFile, 'utf8');
    expect(Object.keys(JSON.parse(first) as object).sort()).toEqual(['apikey', 'createdAt', 'description', 'name']);
    expect((await serveOnce(home, keyFile)).tokenStatus).toBe(200);
    expect(readFileSync(keyFile, 'utf8')).toBe(first);
  });

  it('reuses a working key kept as plain text; replaces a key that does not authenticate', async () => {
    const home = tempHome();
    const keyFile = join(home, 'owner.json');
    await serveOnce(home, keyFile);
    const key = (JSON.parse(readFileSync(keyFile, 'utf8')) as { apikey: string }).apikey;
    writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
    expect((await serveOnce(home, keyFile)).tokenStatus).toBe(200);
    expect(readFileSync(keyFile, 'utf8')).toBe(`${key}\n`);
    writeFileSync(keyFile, JSON.stringify({ apikey: 'x'.repeat(44) }), { mode: 0o600 });
    expect((await serveOnce(home, keyFile)).tokenStatus).toBe(200);
    expect((JSON.parse(readFileSync(keyFile, 'utf8')) as { apikey: string }).apikey).not.toBe('x'.repeat(44));
  });

  it('replaces a file that holds no key, as --file does, and refuses a symbolic link (exit 2), leaving its target alone', async () => {
    const home = tempHome();
    const keyFile = join(home, 'owner.json');
    writeFileSync(keyFile, 'not a key\n', { mode: 0o644 });
    expect((await serveOnce(home, keyFile)).tokenStatus).toBe(200);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const target = join(home, 'elsewhere.json');
    writeFileSync(target, 'keep me\n');
    const link = join(home, 'link.json');
    symlinkSync(target, link);
    const r = await runBin(['serve', '--port', '0', '--apikey-file', link], { home });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`FAILED\n--apikey-file ${link} is a symbolic link; the key is not written through links. Give the real path. Nothing was created.\n`);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('keep me\n');
  });
});
