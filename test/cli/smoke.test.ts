import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/run-cli.js';

describe('smoke', () => {
  it('creates a service ID and a key, lists them as JSON', async () => {
    const home = tempHome();
    const sid = await runCli(['service-id-create', 'app', '-d', 'demo', '--output', 'json'], { home });
    expect(sid.code).toBe(0);
    const created = JSON.parse(sid.stdout) as { id: string; name: string };
    expect(created.name).toBe('app');
    const key = await runCli(['service-api-key-create', 'k', 'app', '-o', 'JSON'], { home });
    expect(key.code).toBe(0);
    expect((JSON.parse(key.stdout) as { apikey: string }).apikey).toHaveLength(44);
    const list = await runCli(['iam', 'service-api-keys', created.id, '--output', 'json'], { home });
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as { name: string }[]).map((k) => k.name)).toEqual(['k']);
  });
});
