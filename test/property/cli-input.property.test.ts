// Issue 5, part 6 (the CLI side): property-based bad input at the command line, run in-process (runCli) on a
// real store. Generated argument vectors: every command (under `iam` too), names and UUIDs that exist, are
// ambiguous or do not, names and descriptions of any text, flag values of every kind, unknown flags. Whatever
// comes in: a documented exit code (0-7), a FAILED line and a message on stderr when it fails, nothing on
// stdout then, never a stack trace or an "Unexpected error", and a run that fails changes nothing: not the
// store, not the settings file.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiKey, ServiceId } from '../../src/wire/types.js';
import { runCli } from '../helpers/run-cli.js';
import { progressOnly } from '../helpers/cli.js';
import { STACK_RE, openStoreFile, tablesSnapshot, tempDir } from '../reliability/helpers.js';

const RUNS = Number(process.env['IAMKEYS_CLI_FUZZ_RUNS'] ?? 2000);
/** IAMKEYS_FUZZ_SEED replays a failing run (fast-check prints its seed). */
const SEED = process.env['IAMKEYS_FUZZ_SEED'] ? { seed: Number(process.env['IAMKEYS_FUZZ_SEED']) } : {};

let home: string;
let tmp: string;
let cwd: string;
const ids: Record<string, string> = {};

async function must(argv: string[]): Promise<string> {
  const r = await runCli([...argv, '--output', 'json'], { home });
  if (r.code !== 0) throw new Error(`${argv.join(' ')}: ${r.code} ${r.stderr}`);
  return r.stdout;
}

beforeAll(async () => {
  tmp = tempDir('iamkeys-clifuzz-');
  home = join(tmp, 'home');
  mkdirSync(join(tmp, 'keys'));
  // Relative --file paths resolve against the working folder: keep it a temporary one, never the repository.
  cwd = process.cwd();
  process.chdir(tmp);
  const a = JSON.parse(await must(['service-id-create', 'sid-a', '-d', 'the first'])) as ServiceId;
  const locked = JSON.parse(await must(['service-id-create', 'sid-locked', '--lock'])) as ServiceId;
  await must(['service-id-create', 'dup']);
  await must(['service-id-create', 'dup']);
  const key = JSON.parse(await must(['service-api-key-create', 'key-a', a.id, '-d', 'a key'])) as ApiKey;
  const lk = JSON.parse(await must(['service-api-key-create', 'locked-key', a.id, '--lock'])) as ApiKey;
  await must(['service-api-key-create', 'dup-key', a.id]);
  await must(['service-api-key-create', 'dup-key', a.id]);
  await must(['service-api-key-create', 'key-of-locked', locked.id]);
  Object.assign(ids, { SID_A: a.id, SID_LOCKED: locked.id, KEY_A: key.id, KEY_A_TAG: key.entity_tag!, LOCKED_KEY: lk.id });
});

afterAll(() => {
  if (cwd) process.chdir(cwd);
});

// --- generators ---------------------------------------------------------------------------------------------


/** Text of any kind; never starting with '-' (flags are generated on purpose below). */
const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', ' ', '\t', 'a\nb', 'a\rb', '\u0000', '\u001b[31mred', '\u202eevil', '\u2028', 'ok name', '*', '%s', '${HOME}', '..', 'é', '💥'),
  fc.integer({ min: 250, max: 260 }).map((n) => 'n'.repeat(n)),
  fc.integer({ min: 1020, max: 1030 }).map((n) => 'd'.repeat(n)),
).map((s) => (s.startsWith('-') ? `x${s}` : s));

const sidRef = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom('sid-a', 'SID_A', 'sid-locked', 'SID_LOCKED', 'dup', 'no-such-sid') },
  { weight: 1, arbitrary: fc.uuid().map((u) => `ServiceId-${u}`) },
  { weight: 2, arbitrary: text },
);
const keyRef = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom('key-a', 'KEY_A', 'locked-key', 'LOCKED_KEY', 'dup-key', 'key-of-locked', 'no-such-key') },
  { weight: 1, arbitrary: fc.uuid().map((u) => `ApiKey-${u}`) },
  { weight: 2, arbitrary: text },
);
const userRef = fc.oneof(fc.constantFrom('root', 'root@localhost', 'nobody', 'IBMid-NOSUCH'), text);

const filePath = fc.constantFrom('TMP/keys/k.json', 'TMP/keys/other.json', 'TMP/missing/k.json', 'TMP/keys', '', 'rel-key.json', 'TMP/home/settings.json');

const withValue = (names: string[], value: fc.Arbitrary<string>): fc.Arbitrary<string[]> =>
  fc.tuple(fc.constantFrom(...names), value).map(([f, v]) => [f, v]);
const bare = (...names: string[]): fc.Arbitrary<string[]> => fc.constantFrom(...names).map((f) => [f]);

/** Every flag the commands know, with values of every kind. */
const FLAGS: Record<string, fc.Arbitrary<string[]>> = {
  name: withValue(['-n', '--name'], text),
  description: withValue(['-d', '--description'], text),
  version: withValue(['-v', '--version'], fc.oneof(fc.constant('KEY_A_TAG'), fc.constantFrom('1-00000000000000000000000000000000', '*', 'W/"1"'), text)),
  action: withValue(['--action-if-leaked'], fc.oneof(fc.constantFrom('NONE', 'disable', 'Delete', 'never'), text)),
  expiresAt: withValue(['--expires-at'], fc.oneof(fc.constantFrom('2099-01-01', '2099-01-01T10:00+0000', '2000-01-01', '2099-13-45', '9999-12-31T23:59Z', 'tomorrow'), text)),
  expiresIn: withValue(['--expires-in'], fc.oneof(fc.constantFrom('90d', '1h', '0d', '999999w', '1000000w', '-1d', '1.5d', '1y'), text)),
  file: withValue(['--file'], filePath),
  apikeyFile: withValue(['--apikey-file'], filePath),
  email: withValue(['--email'], text),
  apikey: withValue(['--apikey'], fc.oneof(text, fc.constantFrom('@TMP/keys/k.json', '@TMP/missing', '@', 'x'.repeat(44)))),
  lock: bare('--lock'), force: bare('-f', '--force'), uuid: bare('--uuid'), all: bare('-a', '--all'), admin: bare('--admin'), local: bare('--local'),
};
const GLOBAL_FLAGS: fc.Arbitrary<string[]>[] = [
  withValue(['-o', '--output', '--OUTPUT'], fc.oneof({ weight: 4, arbitrary: fc.constantFrom('json', 'JSON', 'Json') }, { weight: 1, arbitrary: fc.constantFrom('xml', 'text') }, { weight: 1, arbitrary: text })),
  bare('-q', '--quiet', '--no-color', '--no-input'),
];
const ODD_FLAGS: fc.Arbitrary<string[]> = fc.constantFrom<string[]>(['--x-unknown'], ['-Z'], ['--name'], ['-d'], ['--output'], ['--force=yes'], ['-fq'], ['--expires-in='], ['--'], ['-'], ['-h'], ['--help'], ['--version']);

/** Each command: its positional kinds (k key, s service ID, u user, r role) and its own flags. */
const COMMANDS: Record<string, { args: string[]; flags: string[] }> = {
  'service-api-key-create': { args: ['k', 's'], flags: ['description', 'file', 'lock', 'action', 'expiresAt', 'expiresIn', 'force'] },
  'service-api-key-update': { args: ['k', 's'], flags: ['name', 'description', 'version', 'action', 'expiresAt', 'expiresIn', 'force'] },
  'service-api-key-delete': { args: ['k', 's'], flags: ['force'] },
  'service-api-key-lock': { args: ['k', 's'], flags: ['force'] },
  'service-api-key-unlock': { args: ['k', 's'], flags: ['force'] },
  'service-api-key-disable': { args: ['k', 's'], flags: ['force'] },
  'service-api-key-enable': { args: ['k', 's'], flags: ['force'] },
  'service-api-keys': { args: ['s'], flags: ['all', 'uuid', 'name', 'description', 'force'] },
  'service-api-key': { args: ['k', 's'], flags: ['uuid', 'force'] },
  'service-id-create': { args: ['s'], flags: ['description', 'lock'] },
  'service-id-update': { args: ['s'], flags: ['name', 'description', 'version', 'force'] },
  'service-id-delete': { args: ['s'], flags: ['force'] },
  'service-id-lock': { args: ['s'], flags: ['force'] },
  'service-id-unlock': { args: ['s'], flags: ['force'] },
  'service-ids': { args: [], flags: ['uuid', 'name', 'description'] },
  'service-id': { args: ['s'], flags: ['uuid'] },
  // login goes nowhere but 127.0.0.1 (see argvOf)
  login: { args: [], flags: ['apikey', 'local'] },
  logout: { args: [], flags: [] },
  target: { args: [], flags: [] },
  'user-create': { args: ['u'], flags: ['email', 'admin', 'apikeyFile', 'force'] },
  'user-apikey-create': { args: ['u'], flags: ['name', 'description', 'file', 'expiresAt', 'expiresIn'] },
  users: { args: [], flags: [] },
  'user-role': { args: ['u', 'r'], flags: [] },
  'service-id-grant': { args: ['u', 's'], flags: [] },
  'service-id-revoke': { args: ['u', 's'], flags: [] },
  // `serve` is left out: a valid one runs until stopped.
};
const POSITIONAL: Record<string, fc.Arbitrary<string>> = {
  k: keyRef, s: sidRef, u: userRef, r: fc.oneof(fc.constantFrom('admin', 'user', 'ADMIN', 'owner'), text),
};

interface Vector { iam: boolean; command: string; positionals: string[]; flags: string[][]; extra: string[]; order: number[] }

const vector: fc.Arbitrary<Vector> = fc.constantFrom(...Object.keys(COMMANDS)).chain((command) => {
  const spec = COMMANDS[command]!;
  const own = spec.flags.map((f) => FLAGS[f]!);
  const flag = fc.oneof(
    ...(own.length ? [{ weight: 8, arbitrary: fc.oneof(...own) }] : []),
    { weight: 3, arbitrary: fc.oneof(...GLOBAL_FLAGS) },
    { weight: 1, arbitrary: fc.oneof(...Object.values(FLAGS)) },
    { weight: 1, arbitrary: ODD_FLAGS },
  );
  return fc.record({
    iam: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    command: fc.oneof({ weight: 30, arbitrary: fc.constant(command) }, { weight: 1, arbitrary: fc.constantFrom('service-api-key-creat', 'nope', '', 'IAM', 'help') }),
    // the right number of arguments mostly, too few or too many sometimes
    positionals: fc.oneof(
      { weight: 10, arbitrary: fc.tuple(...spec.args.map((a) => POSITIONAL[a]!)) as fc.Arbitrary<string[]> },
      { weight: 1, arbitrary: fc.array(fc.oneof(keyRef, sidRef), { maxLength: 3 }) },
    ),
    flags: fc.array(flag, { maxLength: 3 }),
    extra: fc.oneof({ weight: 12, arbitrary: fc.constant([] as string[]) }, { weight: 1, arbitrary: fc.array(text, { minLength: 1, maxLength: 2 }) }),
    order: fc.array(fc.nat(100), { minLength: 8, maxLength: 8 }),
  });
});

/** The vector as argv: references resolved, paths made absolute in the test's folder, parts shuffled. */
function argvOf(v: Vector): string[] {
  const sub = (s: string): string => (Object.hasOwn(ids, s) ? ids[s]! : s).replace(/^(@?)TMP\//, `$1${tmp}/`);
  let flags = v.flags.map((f) => f.map(sub));
  if (v.command === 'login') {
    // Never a request to anywhere but 127.0.0.1 (port 1: refused at once): any endpoint flag is dropped and one set last.
    flags = flags.filter((f) => !['-a', '--iam-endpoint', '--all'].includes(f[0]!));
  }
  const parts: string[][] = [...v.positionals.map((p) => [sub(p)]), ...flags, ...v.extra.map((e) => [e])];
  const shuffled = parts.map((p, i) => ({ p, k: v.order[i % v.order.length]! * 100 + i })).sort((a, b) => a.k - b.k).flatMap((x) => x.p);
  const argv = [...(v.iam ? ['iam'] : []), v.command, ...shuffled];
  if (v.command === 'login') argv.push('--iam-endpoint', 'http://127.0.0.1:1');
  return argv;
}

function storeSnapshot(): Record<string, unknown[]> {
  const db = openStoreFile(join(home, 'store.db'), true);
  try {
    return tablesSnapshot(db);
  } finally {
    db.close();
  }
}

const settingsBytes = (): string | undefined => {
  const p = join(home, 'settings.json');
  return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
};

describe('the CLI under generated argument vectors', { timeout: 180_000 }, () => {
  it(`runs ${RUNS} generated command lines with documented exit codes and clean failures that change nothing`, async () => {
    const codes = new Map<number, number>();
    let changedOnSuccess = 0;
    await fc.assert(fc.asyncProperty(vector, async (v) => {
      const argv = argvOf(v);
      const before = storeSnapshot();
      const settings = settingsBytes();
      const r = await runCli(argv, { home, env: { IBMCLOUD_HTTP_TIMEOUT: '0.5' } });
      codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
      const shown = JSON.stringify(argv);
      expect([0, 1, 2, 3, 4, 5, 6, 7], `exit ${r.code} for ${shown}: ${r.stderr}`).toContain(r.code);
      expect(r.stderr, shown).not.toMatch(STACK_RE);
      expect(r.stdout, shown).not.toMatch(STACK_RE);
      expect(r.stderr, shown).not.toMatch(/Unexpected error|TypeError|ReferenceError|SQLITE_/);
      const after = storeSnapshot();
      if (r.code !== 0) {
        // A failure says so on stderr (-q keeps the message and drops the word FAILED, as ibmcloud), prints at
        // most its progress lines on stdout, and changes nothing.
        expect(r.stderr.trim(), `no message for exit ${r.code} of ${shown}`).not.toBe('');
        // -q also hides inside a group of short flags (-fq), as commander reads it.
        const quiet = argv.some((a) => a === '--quiet' || /^-[a-zA-Z]*q[a-zA-Z]*$/.test(a));
        if (!quiet && (r.code !== 2 || !/Usage:/.test(r.stderr))) expect(r.stderr, shown).toMatch(/FAILED|Cancelled|Incorrect Usage/);
        progressOnly(r.stdout);
        expect(after, `the failed ${shown} changed the store: ${r.stderr}`).toEqual(before);
        expect(settingsBytes(), `the failed ${shown} changed the settings`).toBe(settings);
      } else {
        if (JSON.stringify(after) !== JSON.stringify(before)) changedOnSuccess++;
        const asksJson = argv.some((a, i) => /^(-o|--output)$/i.test(a) && /^json$/i.test(argv[i + 1] ?? ''));
        const helpOrVersion = argv.some((a) => ['-h', '--help', '--version', '-v'].includes(a));
        if (asksJson && !helpOrVersion) expect(() => JSON.parse(r.stdout), `stdout of ${shown} is not one JSON document`).not.toThrow();
      }
    }), { numRuns: RUNS, ...SEED });
    // eslint-disable-next-line no-console
    console.log(`[reliability] cli fuzz: ${JSON.stringify({ vectors: RUNS, exit_codes: Object.fromEntries([...codes].sort((a, b) => a[0] - b[0])), successes_that_changed_the_store: changedOnSuccess })}`);
    // The generator reaches beyond usage errors: successes, not-found, conflicts and ambiguity all happen.
    for (const code of [0, 2, 3]) expect(codes.get(code) ?? 0, `exit ${code} never seen`).toBeGreaterThan(RUNS / 100);
  });
});
