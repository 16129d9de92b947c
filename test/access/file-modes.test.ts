// Files at rest: the home folder is 0700 and everything iamkeys writes in it 0600, also when the files were
// there before with wider modes (a copy, a hand-made folder): the store holds the token signing secret.
import { chmodSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/run-cli.js';

const mode = (p: string): string => (statSync(p).mode & 0o777).toString(8);

describe('file modes', () => {
  it('a store, its WAL and the home made world-readable are tightened by the next command', async () => {
    const home = tempHome();
    expect((await runCli(['service-id-create', 'a'], { home })).code).toBe(0);
    const store = join(home, 'store.db');
    chmodSync(home, 0o755);
    chmodSync(store, 0o644);
    for (const side of ['-wal', '-shm']) if (existsSync(`${store}${side}`)) chmodSync(`${store}${side}`, 0o644);
    expect((await runCli(['service-ids'], { home })).code).toBe(0);
    expect(mode(home)).toBe('700');
    expect(mode(store)).toBe('600');
    for (const side of ['-wal', '-shm']) if (existsSync(`${store}${side}`)) expect(mode(`${store}${side}`), side).toBe('600');
  });

  it('a fresh home: 0700, settings, store and its side files 0600, whatever the umask', async () => {
    const home = join(tempHome(), 'fresh');
    const old = process.umask(0o000);
    try {
      expect((await runCli(['user-create', 'u', '--email', 'u@example.com', '--apikey-file', join(home, '..', 'u.json')], { home })).code).toBe(0);
    } finally {
      process.umask(old);
    }
    expect(mode(home)).toBe('700');
    expect(mode(join(home, '..', 'u.json'))).toBe('600');
    for (const f of ['settings.json', 'store.db', 'store.db-wal', 'store.db-shm']) {
      if (existsSync(join(home, f))) expect(mode(join(home, f)), f).toBe('600');
    }
    expect(existsSync(join(home, 'store.db'))).toBe(true);
  });
});
