// iamkeys' own files are never opened through a symbolic link nor when another user owns them: a link at
// IAMKEYS_HOME/store.db (or settings.json, tokens.json) would otherwise have a victim file's mode changed or a
// database written into it, and a dangling link would make a store at its target. Each is refused with exit 1
// and a message naming the file, and the file behind the link is left as it was.
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectFailed, fileMode } from '../helpers/cli.js';
import { runCli, tempHome } from '../helpers/run-cli.js';

const isRoot = process.getuid?.() === 0;
/** Makes path another user's: as root, uid 65534 (nobody). */
const giveAway = (path: string): void => chownSync(path, 65534, 65534);

/** A victim file outside the home, with its mode and content to compare afterwards. */
function victim(): { path: string; content: string } {
  const dir = tempHome('iamkeys-victim-');
  const path = join(dir, 'precious.txt');
  writeFileSync(path, 'precious data\n', { mode: 0o644 });
  chmodSync(path, 0o644);
  return { path, content: 'precious data\n' };
}

async function initialised(): Promise<string> {
  const home = tempHome();
  expect((await runCli(['service-ids'], { home })).code).toBe(0);
  return home;
}

describe('files of iamkeys that are links or not the user\'s', () => {
  it('a store.db that is a symbolic link to another file is refused; the file keeps its mode and content', async () => {
    const home = tempHome();
    const v = victim();
    symlinkSync(v.path, join(home, 'store.db'));
    const r = await runCli(['service-ids'], { home });
    expectFailed(r, 1, /store .*store\.db cannot be opened: it is a symbolic link/);
    expect(fileMode(v.path)).toBe(0o644);
    expect(readFileSync(v.path, 'utf8')).toBe(v.content);
    expect(existsSync(`${v.path}-wal`)).toBe(false);
  });

  it('a dangling store.db link is refused, and nothing is made at its target', async () => {
    const home = tempHome();
    const target = join(tempHome('iamkeys-target-'), 'planted.db');
    symlinkSync(target, join(home, 'store.db'));
    expectFailed(await runCli(['service-id-create', 'x'], { home }), 1, /is a symbolic link/);
    expect(existsSync(target)).toBe(false);
  });

  it('a store -wal file that is a link is refused too', async () => {
    const home = await initialised();
    const v = victim();
    symlinkSync(v.path, join(home, 'store.db-wal'));
    expectFailed(await runCli(['service-ids'], { home }), 1, /symbolic link/);
    expect(readFileSync(v.path, 'utf8')).toBe(v.content);
  });

  it('serve --store refuses a link as well', async () => {
    const dir = tempHome();
    const v = victim();
    const link = join(dir, 'serve.db');
    symlinkSync(v.path, link);
    const r = await runCli(['serve', '--store', link, '--port', '0'], { home: dir });
    expectFailed(r, 1, /symbolic link/);
    expect(fileMode(v.path)).toBe(0o644);
  });

  it('a settings.json that is a link is refused, also a dangling one', async () => {
    const home = tempHome();
    const v = victim();
    symlinkSync(v.path, join(home, 'settings.json'));
    expectFailed(await runCli(['service-ids'], { home }), 1, /settings file .*settings\.json is a symbolic link/);
    const home2 = tempHome();
    const target = join(tempHome('iamkeys-target-'), 'settings.json');
    symlinkSync(target, join(home2, 'settings.json'));
    expectFailed(await runCli(['logout'], { home: home2 }), 1, /is a symbolic link/);
    expect(existsSync(target)).toBe(false);
    expect(readFileSync(v.path, 'utf8')).toBe(v.content);
  });

  it('a tokens.json that is a link is refused', async () => {
    const home = await initialised();
    const keyFile = join(tempHome('iamkeys-keys-'), 'owner.json');
    const users = JSON.parse((await runCli(['users', '-o', 'json'], { home })).stdout) as { iam_id: string; role: string }[];
    const owner = users.find((u) => u.role === 'owner')!;
    expect((await runCli(['user-apikey-create', owner.iam_id, '--file', keyFile], { home })).code).toBe(0);
    const v = victim();
    symlinkSync(v.path, join(home, 'tokens.json'));
    expectFailed(await runCli(['service-ids'], { home, env: { IBMCLOUD_API_KEY: `@${keyFile}` } }), 1, /token cache .*tokens\.json is a symbolic link/);
    expect(readFileSync(v.path, 'utf8')).toBe(v.content);
  });

  it('files and a home folder of another user are refused', async () => {
    if (!isRoot) {
      // Only root can give a file away; the home check is shown with a folder root owns.
      expectFailed(await runCli(['service-ids'], { home: '/' }), 1, /belongs to another user/);
      return;
    }
    const home = await initialised();
    giveAway(join(home, 'store.db'));
    expectFailed(await runCli(['service-ids'], { home }), 1, /store .*store\.db cannot be opened: it belongs to another user \(uid 65534/);
    const home2 = await initialised();
    giveAway(join(home2, 'settings.json'));
    expectFailed(await runCli(['service-ids'], { home: home2 }), 1, /settings file .*belongs to another user/);
    const home3 = tempHome();
    mkdirSync(join(home3, 'h'), { mode: 0o700 });
    giveAway(join(home3, 'h'));
    expectFailed(await runCli(['service-ids'], { home: join(home3, 'h') }), 1, /home folder .*belongs to another user/);
  });
});
