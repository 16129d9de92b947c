// api-key-rotate and api-keys-audit: the rotation and the audit of service ID keys, on the caller's own keys, on
// both transports (the in-process local IAM, and a served one over HTTP); and --dry-run of the user key commands.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiKey } from '../../src/wire/types.js';
import { runCli, tempHome, type CliResult } from '../helpers/run-cli.js';
import { remoteEnv, startTestIam, type TestIam } from '../remote/iam-server.js';

describe.each(['in-process', 'http'] as const)('user key rotation and audit, %s', (transport) => {
  let iam: TestIam | undefined;
  let home: string;
  const cli = (argv: string[]): Promise<CliResult> => runCli(argv, { home, env: iam ? remoteEnv(iam) : {} });
  const ok = async (argv: string[]): Promise<CliResult> => {
    const r = await cli(argv);
    expect(r.code, `${argv.join(' ')}\n${r.stderr}`).toBe(0);
    return r;
  };
  const keys = async (): Promise<ApiKey[]> => JSON.parse((await ok(['api-keys', '-o', 'json'])).stdout) as ApiKey[];

  beforeAll(async () => {
    home = tempHome('iamkeys-user-rotate-');
    if (transport === 'http') iam = await startTestIam();
  });
  afterAll(async () => { await iam?.close(); });

  it('api-key-rotate: a successor with the same name and validity, its secret in --file only, the old key expiring', async () => {
    const old = JSON.parse((await ok(['api-key-create', 'deploy', '-d', 'ci', '--expires-in', '30d', '-o', 'json'])).stdout) as ApiKey;
    const file = join(home, 'deploy.json');
    const r = await ok(['api-key-rotate', 'deploy', '--file', file, '--grace', '2h']);
    expect(r.stdout).toMatch(/^Rotating API key deploy under account \S+ as .+\.\.\.\nOK\nAPI key deploy was created as the successor of ApiKey-/);
    expect(r.stdout).not.toMatch(/API Key {2,}/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { apikey: string };
    expect(r.stdout + r.stderr).not.toContain(saved.apikey);
    const all = (await keys()).filter((k) => k.name === 'deploy');
    expect(all).toHaveLength(2);
    const successor = all.find((k) => k.id !== old.id)!;
    expect(successor).toMatchObject({ description: 'ci', iam_id: old.iam_id });
    expect(successor.expires_at).toBeDefined();
    const oldNow = all.find((k) => k.id === old.id)!;
    expect(oldNow.expires_at).not.toBe(old.expires_at);
    expect(r.stdout).toContain(`The old API key ${old.id} expires at ${oldNow.expires_at}: both keys work until then.`);
  });

  it('api-key-rotate --retire delete -o json: one document, the old key gone; a locked key is refused first (exit 5)', async () => {
    const old = JSON.parse((await ok(['api-key-create', 'once', '-o', 'json'])).stdout) as ApiKey;
    const r = await ok(['api-key-rotate', 'once', '--retire', 'delete', '-f', '-o', 'json']);
    const out = JSON.parse(r.stdout) as { new: ApiKey; old: ApiKey };
    expect(out.old.id).toBe(old.id);
    expect(out.new.apikey).toMatch(/^\S{40,}$/);
    expect((await keys()).map((k) => k.id)).not.toContain(old.id);
    await ok(['api-key-lock', 'once', '-f']);
    const before = (await keys()).length;
    const locked = await cli(['api-key-rotate', 'once', '-f']);
    expect(locked.code).toBe(5);
    expect(locked.stderr).toContain(`Unlock it first with 'iamkeys api-key-unlock ${out.new.id}'. Nothing was created.`);
    expect((await keys()).length).toBe(before);
  });

  it('api-keys-audit: exit 8 with the keys that need attention, naming their user; 0 when none does', async () => {
    const soon = JSON.parse((await ok(['api-key-create', 'soon', '--expires-in', '2d', '-o', 'json'])).stdout) as ApiKey;
    const r = await cli(['api-keys-audit', '--expiring-within', '7d', '-o', 'json']);
    expect(r.code).toBe(8);
    const findings = JSON.parse(r.stdout) as { id: string; iam_id: string; reasons: string[] }[];
    expect(findings.find((f) => f.id === soon.id)).toMatchObject({ iam_id: soon.iam_id, reasons: ['expires within 7d'] });
    expect(findings.every((f) => !f.iam_id.startsWith('iam-ServiceId-'))).toBe(true);
    const text = await cli(['api-keys-audit', '--expiring-within', '7d']);
    expect(text.code).toBe(8);
    expect(text.stdout).toMatch(/^ID +Name +User +Reasons +Created At +Last Used +Expires At +Rotation$/m);
    await ok(['api-key-delete', 'soon', '-f']);
    const clean = await ok(['api-keys-audit', '--expiring-within', '1h', '--include-disabled']);
    expect(clean.stdout).toMatch(/^OK\nNo API key needs attention \(\d+ checked\)\.$/m);
  });

  it('--dry-run of a user key change shows it and changes nothing', async () => {
    const k = JSON.parse((await ok(['api-key-create', 'dry', '-o', 'json'])).stdout) as ApiKey;
    const before = JSON.stringify(await keys());
    for (const argv of [['api-key-delete', 'dry', '-f'], ['api-key-lock', k.id], ['api-key-update', 'dry', '-n', 'wet'], ['api-key-create', 'more']]) {
      const r = await cli([...argv, '--dry-run', '--no-input']);
      expect(r.code, `${argv.join(' ')}\n${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/Dry run/i);
    }
    expect(JSON.stringify(await keys())).toBe(before);
  });
});
