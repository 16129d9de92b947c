// --dry-run writes nothing anywhere: on the local IAM no clean-up of long-expired keys, no count of the token
// exchange in the key's activity, no store made where there was none; on both transports no tokens.json.
// Each case then runs the same command for real, to show that it would have written what the dry run did not.
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson, type ApiKey } from '../helpers/cli.js';
import { runCli, tempHome, type CliResult } from '../helpers/run-cli.js';
import { remoteEnv, startTestIam, type TestIam } from '../remote/iam-server.js';

const DAY = 86_400_000;
const homes: string[] = [];
const newHome = (): string => {
  const h = tempHome();
  homes.push(h);
  return h;
};
afterAll(() => {
  for (const h of homes) rmSync(h, { recursive: true, force: true });
});

async function must(argv: string[], home: string, env: Record<string, string> = {}): Promise<CliResult> {
  const r = await runCli(argv, { home, env });
  if (r.code !== 0) throw new Error(`${argv.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r;
}

/** The home's files other than the store, with their bytes. */
function otherFiles(home: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(home).filter((n) => !n.startsWith('store.db')).sort()) out[f] = readFileSync(join(home, f), 'base64');
  return out;
}

describe('--dry-run on the local IAM', () => {
  let home: string;
  let old: ApiKey;
  let user: ApiKey;
  const keys = (): { id: string; authn_count: number }[] => {
    const db = new Database(join(home, 'store.db'), { readonly: true });
    try {
      return db.prepare('SELECT id, authn_count FROM apikeys ORDER BY id').all() as { id: string; authn_count: number }[];
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    home = newHome();
    const sid = parseJson<{ id: string }>((await must(['service-id-create', 'app', '-o', 'json'], home)).stdout).id;
    old = parseJson<ApiKey>((await must(['service-api-key-create', 'old', sid, '-o', 'json'], home)).stdout);
    user = parseJson<ApiKey>((await must(['service-api-key-create', 'user', sid, '-o', 'json'], home)).stdout);
    // 'old' expired 100 days ago and was last changed 95 days ago: IAM's clean-up deletes it.
    const db = new Database(join(home, 'store.db'));
    db.prepare('UPDATE apikeys SET expires_at = ?, modified_at = ? WHERE id = ?').run(Date.now() - 100 * DAY, Date.now() - 95 * DAY, old.id);
    db.close();
  });

  it('with IBMCLOUD_API_KEY: deletes no expired key, counts no use, writes no tokens.json', async () => {
    const before = keys();
    const files = otherFiles(home);
    expect(before.map((k) => k.id)).toContain(old.id);
    const r = await runCli(['service-id-create', 'planned', '--dry-run'], { home, env: { IBMCLOUD_API_KEY: user.apikey } });
    expect(r.code, r.stderr).toBe(0);
    expect(keys()).toEqual(before);
    expect(otherFiles(home)).toEqual(files);
    expect(existsSync(join(home, 'tokens.json'))).toBe(false);
    // The same command for real does all three (a service ID may not make service IDs: refused after the
    // exchange, exit 4).
    expect((await runCli(['service-id-create', 'planned'], { home, env: { IBMCLOUD_API_KEY: user.apikey } })).code).toBe(4);
    const after = keys();
    expect(after.map((k) => k.id)).not.toContain(old.id);
    expect(after.find((k) => k.id === user.id)?.authn_count).toBe(1);
    expect(existsSync(join(home, 'tokens.json'))).toBe(true);
  });

  it('on a home with no store makes none', async () => {
    const empty = newHome();
    const r = await runCli(['service-id-create', 'planned', '--dry-run'], { home: empty });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('POST /v1/serviceids/');
    expect(readdirSync(empty)).toEqual([]);
    await must(['service-id-create', 'planned'], empty);
    expect(readdirSync(empty)).toContain('store.db');
  });
});

describe('--dry-run against a served IAM', () => {
  let iam: TestIam;
  beforeAll(async () => {
    iam = await startTestIam();
  });
  afterAll(async () => {
    await iam?.close();
  });

  it('writes no tokens.json (the real run does)', async () => {
    const home = newHome();
    const r = await runCli(['service-id-create', 'planned', '--dry-run'], { home, env: remoteEnv(iam) });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(home)).toEqual([]);
    await must(['service-id-create', 'planned'], home, remoteEnv(iam));
    expect(existsSync(join(home, 'tokens.json'))).toBe(true);
  });
});
