// Issue 5, part 7: a damaged or unreadable settings file or store. Every command then fails with exit 1 and a
// message that names the file and says what to do, and leaves the damaged file exactly as it was (bytes and
// mode), also the commands that write the settings (login, logout). Nothing else is made or changed instead.
// (Damaged files are made 0600 here, as iamkeys makes them: a store made wider is tightened on open, by design.)
import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { progressOnly } from '../helpers/cli.js';
import { STACK_RE, figure, requireBuild, spawnCli, tempDir } from './helpers.js';

beforeAll(requireBuild);

/** Commands that read the settings, and the ones that write them. */
const COMMANDS: string[][] = [
  ['service-ids'], ['target'], ['service-id-create', 'made-anyway'], ['service-api-keys', '--all', '-o', 'json'],
  ['login', '--local'], ['logout'],
];

interface Snapshot { files: string[]; bytes: Map<string, string>; modes: Map<string, number> }

/** Every file under the home, with its bytes and mode, so "left unchanged" covers the folder too. */
function snapshot(home: string): Snapshot {
  const files: string[] = [];
  const walk = (dir: string, rel: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      files.push(e.isDirectory() ? `${r}/` : r);
      if (e.isDirectory()) walk(join(dir, e.name), r);
    }
  };
  walk(home, '');
  const bytes = new Map<string, string>();
  const modes = new Map<string, number>();
  for (const f of files) {
    const p = join(home, f);
    modes.set(f, statSync(p).mode);
    if (!f.endsWith('/')) bytes.set(f, readFileSync(p).toString('base64'));
  }
  return { files, bytes, modes };
}

function expectUnchanged(home: string, before: Snapshot, what: string): void {
  const after = snapshot(home);
  expect(after.files, `${what}: files in the home`).toEqual(before.files);
  expect(after.bytes, `${what}: bytes`).toEqual(before.bytes);
  expect(after.modes, `${what}: modes`).toEqual(before.modes);
}

const SETTINGS_CASES: [name: string, make: (path: string) => void][] = [
  ['garbage bytes', (p) => writeFileSync(p, Buffer.concat([Buffer.from([0xff, 0xfe, 0x00]), randomBytes(200)]))],
  ['an empty file', (p) => writeFileSync(p, '')],
  ['cut-off JSON', (p) => writeFileSync(p, '{\n  "mode": "rem')],
  ['a JSON array', (p) => writeFileSync(p, '[]\n')],
  ['JSON null', (p) => writeFileSync(p, 'null')],
  ['a JSON string', (p) => writeFileSync(p, '"local"')],
  ['an unknown mode', (p) => writeFileSync(p, '{"mode":"cloud"}')],
  ['remote without a session', (p) => writeFileSync(p, '{"mode":"remote"}')],
  ['remote with a session of the wrong types', (p) => writeFileSync(p, '{"mode":"remote","remote":{"endpoint":5,"apikey":["k"]}}')],
  ['a folder in its place', (p) => { mkdirSync(p); writeFileSync(join(p, 'inside'), 'keep me'); }],
];

describe('a damaged settings file', () => {
  it.each(SETTINGS_CASES)('%s: every command exits 1 naming the file and what to do, and the file is left as it was', async (name, make) => {
    const home = tempDir();
    // a working store first, so "nothing else changed" includes it
    expect((await runCli(['service-id-create', 'before'], { home })).code).toBe(0);
    const path = join(home, 'settings.json');
    const { rmSync } = await import('node:fs');
    rmSync(path);
    make(path);
    const before = snapshot(home);
    for (const argv of COMMANDS) {
      const r = await runCli(argv, { home });
      const what = `${name}, ${argv.join(' ')}`;
      expect(r.code, `${what}: ${r.stderr}`).toBe(1);
      expect(r.stderr, what).toContain(path);
      expect(r.stderr, what).toMatch(/Move it aside/);
      expect(r.stderr, what).not.toMatch(STACK_RE);
      progressOnly(r.stdout); // at most the progress line, printed before the damage was met
      expectUnchanged(home, before, what);
    }
  });

  it('the same from the spawned binary, and a readable file with mode 000', async () => {
    const home = tempDir();
    const path = join(home, 'settings.json');
    writeFileSync(path, Buffer.from([0x7b, 0x00, 0xff, 0x0a]));
    const before = snapshot(home);
    const r = await spawnCli(['logout'], { home });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(path);
    expect(r.stderr).not.toMatch(STACK_RE);
    expectUnchanged(home, before, 'spawned logout');

    // chmod 000: as root (CI) the file is still read, so a sound file works; as a user it is a clear exit 1.
    const home2 = tempDir();
    expect((await runCli(['login', '--local'], { home: home2 })).code).toBe(0);
    const p2 = join(home2, 'settings.json');
    chmodSync(p2, 0o000);
    const before2 = snapshot(home2);
    const t = await spawnCli(['target'], { home: home2 });
    if (process.getuid?.() === 0) {
      expect(t.code, t.stderr).toBe(0);
    } else {
      expect(t.code).toBe(1);
      expect(t.stderr).toContain(p2);
      expectUnchanged(home2, before2, 'chmod 000');
    }
    chmodSync(p2, 0o600);
  });
});

describe('a damaged store file', () => {
  let good: string;
  beforeAll(async () => {
    // A real store with some content, to damage in several ways.
    const home = tempDir();
    expect((await runCli(['service-id-create', 'sid'], { home })).code).toBe(0);
    for (let i = 0; i < 25; i++) expect((await runCli(['service-api-key-create', `k${i}`, 'sid', '-d', 'x'.repeat(200)], { home })).code).toBe(0);
    good = join(tempDir(), 'good.db');
    copyFileSync(join(home, 'store.db'), good);
    expect(existsSync(join(home, 'store.db-wal'))).toBe(false); // closed cleanly: the whole store is in the one file
  });

  /** The good store with pages [from, to) (4 KiB each; negative: from the end) overwritten with random bytes. */
  const overwritePages = (from: number, to?: number) => (p: string): void => {
    const buf = readFileSync(good);
    const pages = buf.length / 4096;
    const start = from < 0 ? pages + from : from;
    for (let i = start; i < Math.min(to ?? start + 1, pages); i++) randomBytes(4096).copy(buf, i * 4096);
    writeFileSync(p, buf, { mode: 0o600 });
  };
  const STORE_CASES: [name: string, make: (path: string) => void][] = [
    ['garbage bytes', (p) => writeFileSync(p, randomBytes(8192), { mode: 0o600 })],
    ['text', (p) => writeFileSync(p, 'this is not a SQLite database\n'.repeat(100), { mode: 0o600 })],
    ['a store cut in half', (p) => writeFileSync(p, readFileSync(good).subarray(0, Math.floor(statSync(good).size / 2)), { mode: 0o600 })],
    ['its first table page overwritten with garbage', overwritePages(1)],
    ['its last pages (key rows) overwritten with garbage', (p) => overwritePages(-3, Number.POSITIVE_INFINITY)(p)],
    ['a folder in its place', (p) => mkdirSync(p)],
  ];

  it.each(STORE_CASES)('%s: exit 1 naming the file and what to do; the file is left as it was', async (name, make) => {
    const home = tempDir();
    expect((await runCli(['login', '--local'], { home })).code).toBe(0); // settings in place: only the store is damaged
    make(join(home, 'store.db'));
    const before = snapshot(home);
    let failed = 0;
    for (const argv of [['service-api-keys', 'sid', '-o', 'json'], ['service-api-key-create', 'new', 'sid'], ['service-ids'], ['service-id', 'sid']]) {
      const r = await runCli(argv, { home });
      const what = `${name}, ${argv.join(' ')}`;
      expect(r.stderr, what).not.toMatch(STACK_RE);
      expectUnchanged(home, before, what);
      if (r.code === 0) continue; // a damaged page this command never reads
      failed++;
      expect(r.code, `${what}: ${r.stderr}`).toBe(1);
      expect(r.stderr, what).toContain(join(home, 'store.db'));
      expect(r.stderr, what).toMatch(/move it aside|Move it aside/);
      expect(r.stderr, what).not.toContain('Unexpected error');
      progressOnly(r.stdout); // at most the progress line, printed before the damage was met
    }
    expect(failed, `${name}: some command must meet the damage`).toBeGreaterThan(0);
  });

  it('the spawned binary and serve --store say the same', async () => {
    const home = tempDir();
    writeFileSync(join(home, 'store.db'), randomBytes(4096), { mode: 0o600 });
    writeFileSync(join(home, 'settings.json'), '{"mode":"local"}\n', { mode: 0o600 });
    const before = snapshot(home);
    const r = await spawnCli(['service-ids'], { home });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(join(home, 'store.db'));
    expect(r.stderr).not.toMatch(STACK_RE);
    expectUnchanged(home, before, 'spawned service-ids');
    const s = await spawnCli(['serve', '--port', '0', '--store', join(home, 'store.db')], { home, timeoutMs: 20_000 });
    expect(s.code, s.stderr).toBe(1);
    expect(s.stderr).toContain(join(home, 'store.db'));
    expect(s.stderr).not.toMatch(STACK_RE);
    expectUnchanged(home, before, 'serve --store');
    figure('damaged files', { settings_cases: SETTINGS_CASES.length, store_cases: STORE_CASES.length, commands_per_settings_case: COMMANDS.length });
  });
});
