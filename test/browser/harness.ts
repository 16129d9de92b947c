// What the console's browser tests stand on: `iamkeys serve` as a real process on 127.0.0.1:0 with an owner key
// from --apikey-file, Debian's Chromium driven by playwright-core (never a downloaded browser), and a small
// client of the same API to check, after each click, what the local IAM now holds.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { tempHome } from '../helpers/run-cli.js';
import { BIN, cliEnv } from '../helpers/spawn.js';
import { describeWithTool, findOnPath } from '../helpers/needs-tool.js';

/** Debian's Chromium, found on PATH (the browser files are skipped, or fail under CI, where it is missing). */
export const CHROMIUM = findOnPath('chromium') ?? '/usr/bin/chromium';

/** `describe` for tests that need Chromium: skipped with one line where it is not installed, failed under CI. */
export const describeWithChromium = (name: string, body: () => void): void =>
  describeWithTool('chromium', 'apt-get install chromium', name, body);

export interface Serve {
  url: string;
  ownerKey: string;
  stop(): Promise<void>;
}

export async function startServe(): Promise<Serve> {
  const home = tempHome('iamkeys-console-');
  const keyFile = join(home, 'owner.json');
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--memory', '--port', '0', '--apikey-file', keyFile], {
    env: cliEnv(home, { HOME: home }), stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error('serve printed no URL within 15 s')), 15_000);
    child.stdout!.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      const line = /^(http:\/\/\S+)$/m.exec(out);
      if (line) { clearTimeout(t); resolve(line[1]!); }
    });
    child.on('exit', (code) => { clearTimeout(t); reject(new Error(`serve exited ${code}`)); });
  });
  const ownerKey = (JSON.parse(readFileSync(keyFile, 'utf8')) as { apikey: string }).apikey;
  return {
    url,
    ownerKey,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}

const chromiumHomes = new WeakMap<Browser, string>();

/**
 * Chromium with a HOME of its own: it writes its crash reports and caches under HOME/XDG folders even with
 * Playwright's temporary profile, and those must not land in the user's home. The folder goes when the browser
 * closes (or its process ends).
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`The console's browser tests need Debian's Chromium at ${CHROMIUM}: apt-get install chromium (.ci/run does).`);
  const home = tempHome('iamkeys-chromium-');
  const removeHome = (): void => rmSync(home, { recursive: true, force: true });
  const xdg = { XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache'), XDG_DATA_HOME: join(home, '.local', 'share') };
  for (const dir of Object.values(xdg)) mkdirSync(dir, { recursive: true });
  try {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', LANG: 'C.UTF-8', HOME: home, TMPDIR: home, ...xdg },
      // Playwright gives each launch a fresh, temporary profile; these keep Chromium from calling anywhere.
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--disable-breakpad'],
      timeout: 30_000,
    });
    chromiumHomes.set(browser, home);
    browser.once('disconnected', removeHome);
    return browser;
  } catch (err) {
    removeHome();
    throw err;
  }
}

/** The temporary HOME a browser from launchChromium() runs with. */
export const chromiumHome = (browser: Browser): string | undefined => chromiumHomes.get(browser);

/** A client of the local IAM's API, for setting up and checking what the console did. */
export class IamApi {
  private constructor(readonly url: string, readonly token: string, readonly accountId: string, readonly iamId: string) {}

  static async login(url: string, apikey: string): Promise<IamApi> {
    const res = await fetch(`${url}/identity/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ibm:params:oauth:grant-type:apikey', apikey }),
    });
    if (res.status !== 200) throw new Error(`token: ${res.status} ${await res.text()}`);
    const token = ((await res.json()) as { access_token: string }).access_token;
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { iam_id: string; account: { bss: string } };
    return new IamApi(url, token, claims.account.bss, claims.iam_id);
  }

  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async ok<T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const r = await this.call<T>(method, path, body, headers);
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  serviceIdNamed(name: string): Promise<Record<string, unknown> | undefined> {
    return this.ok<{ serviceids: Record<string, unknown>[] }>('GET', `/v1/serviceids?account_id=${this.accountId}&name=${encodeURIComponent(name)}`)
      .then((b) => b.serviceids[0]);
  }

  keysOf(iamId: string): Promise<Record<string, unknown>[]> {
    return this.ok<{ apikeys: Record<string, unknown>[] }>('GET', `/v1/apikeys?iam_id=${encodeURIComponent(iamId)}&pagesize=100`).then((b) => b.apikeys);
  }

  createServiceId(name: string): Promise<{ id: string; iam_id: string; name: string; entity_tag: string }> {
    return this.ok('POST', '/v1/serviceids', { account_id: this.accountId, name });
  }

  createKey(iamId: string, name: string): Promise<{ id: string; apikey: string; entity_tag: string }> {
    return this.ok('POST', '/v1/apikeys', { name, iam_id: iamId, account_id: this.accountId });
  }

  /** An access policy for this subject: these roles (CRNs) on a resource of the account with these attributes. */
  createPolicy(iamId: string, roleCrns: string[], attributes: Record<string, string>): Promise<{ id: string }> {
    return this.ok('POST', '/v1/policies', {
      type: 'access',
      subjects: [{ attributes: [{ name: 'iam_id', value: iamId }] }],
      roles: roleCrns.map((role_id) => ({ role_id })),
      resources: [{ attributes: Object.entries({ accountId: this.accountId, ...attributes }).map(([name, value]) => ({ name, value })) }],
    });
  }

  async tokenStatus(apikey: string): Promise<number> {
    const res = await fetch(`${this.url}/identity/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ibm:params:oauth:grant-type:apikey', apikey }),
    });
    await res.text();
    return res.status;
  }
}
