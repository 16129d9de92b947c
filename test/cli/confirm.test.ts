// The [y/N] rules for every command that changes or removes something: confirmed, declined,
// --force, and the cases where no answer can come (which fail at once with exit 2, naming --force).
import { beforeEach, describe, expect, it } from 'vitest';
import { ScriptedPrompter, runCli, tempHome } from '../helpers/run-cli.js';
import { createKey, createServiceId, expectFailed, ok, progressOnly, snapshot, type ApiKey, type ServiceId } from '../helpers/cli.js';

type Snapshot = Awaited<ReturnType<typeof snapshot>>;

interface Verb {
  name: string;
  argv: string[];
  question: string;
  /** Brings the store to where the verb has something to do. */
  prepare?: (home: string) => Promise<void>;
  /** The change the verb makes, seen in the snapshot after it. */
  done: (s: Snapshot) => void;
}

const key = (s: Snapshot): ApiKey | undefined => s.keys.find((k) => k.name === 'k');
const sid = (s: Snapshot): ServiceId | undefined => s.serviceIds.find((x) => x.name === 'app');
const keyQuestion = (verb: string): string => `Are you sure you want to ${verb} API key 'k' of service ID 'app'?`;

const VERBS: Verb[] = [
  { name: 'service-api-key-update', argv: ['service-api-key-update', 'k', 'app', '-n', 'renamed'], question: keyQuestion('update'),
    done: (s) => expect(s.keys.map((k) => k.name)).toEqual(['renamed']) },
  { name: 'service-api-key-delete', argv: ['service-api-key-delete', 'k', 'app'], question: keyQuestion('delete'),
    done: (s) => expect(s.keys).toEqual([]) },
  { name: 'service-api-key-lock', argv: ['service-api-key-lock', 'k', 'app'], question: keyQuestion('lock'),
    done: (s) => expect(key(s)!.locked).toBe(true) },
  { name: 'service-api-key-unlock', argv: ['service-api-key-unlock', 'k', 'app'], question: keyQuestion('unlock'),
    prepare: async (home) => { await ok(['service-api-key-lock', 'k', 'app', '-f'], home); },
    done: (s) => expect(key(s)!.locked).toBe(false) },
  { name: 'service-api-key-disable', argv: ['service-api-key-disable', 'k', 'app'], question: keyQuestion('disable'),
    done: (s) => expect(key(s)!.disabled).toBe(true) },
  { name: 'service-api-key-enable', argv: ['service-api-key-enable', 'k', 'app'], question: keyQuestion('enable'),
    prepare: async (home) => { await ok(['service-api-key-disable', 'k', 'app', '-f'], home); },
    done: (s) => expect(key(s)!.disabled).toBe(false) },
  { name: 'service-id-update', argv: ['service-id-update', 'app', '-d', 'changed'], question: "Are you sure you want to update service ID 'app'?",
    done: (s) => expect(sid(s)!.description).toBe('changed') },
  { name: 'service-id-delete', argv: ['service-id-delete', 'app'], question: "Are you sure you want to delete service ID 'app' and all its API keys?",
    done: (s) => expect(s).toEqual({ serviceIds: [], keys: [] }) },
  { name: 'service-id-lock', argv: ['service-id-lock', 'app'], question: "Are you sure you want to lock service ID 'app'?",
    done: (s) => expect(sid(s)!.locked).toBe(true) },
  { name: 'service-id-unlock', argv: ['service-id-unlock', 'app'], question: "Are you sure you want to unlock service ID 'app'?",
    prepare: async (home) => { await ok(['service-id-lock', 'app', '-f'], home); },
    done: (s) => expect(sid(s)!.locked).toBe(false) },
];

const NEEDS_FORCE = /Run the command again with -f \(--force\) to go ahead without confirmation\./;

describe.each(VERBS)('$name asks before it changes anything', (v) => {
  let home: string;
  let before: Snapshot;

  beforeEach(async () => {
    home = tempHome();
    await createServiceId(home, 'app', ['-d', 'demo']);
    await createKey(home, 'k', 'app');
    await v.prepare?.(home);
    before = await snapshot(home);
  });

  const unchanged = async (): Promise<void> => {
    expect(await snapshot(home)).toEqual(before);
  };

  it('confirmed with the prompter: asks the question once, then changes', async () => {
    const prompter = new ScriptedPrompter([true]);
    const r = await runCli(v.argv, { home, prompter });
    expect(r.code, r.stderr).toBe(0);
    expect(prompter.questions).toEqual([v.question]);
    v.done(await snapshot(home));
  });

  it('confirmed on a piped stdin (`echo y |`): the prompt and the answer on stderr', async () => {
    const r = await runCli(v.argv, { home, stdin: 'y\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${v.question} [y/N]> y\n`);
    expect(r.stdout).not.toContain('[y/N]');
    v.done(await snapshot(home));
  });

  it('confirmed with "yes" under --output json: the answer is read, no prompt is printed anywhere', async () => {
    const r = await runCli([...v.argv, '-o', 'json'], { home, stdin: 'yes\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(() => JSON.parse(r.stdout) as unknown).not.toThrow();
    v.done(await snapshot(home));
  });

  it('--output json on a terminal: no prompt, exit 2 naming --force, nothing changed', async () => {
    const prompter = new ScriptedPrompter([true]);
    const r = await runCli([...v.argv, '-o', 'json'], { home, prompter, stdinTTY: true });
    expect(r).toEqual({ code: 2, stdout: '', stderr: expect.stringMatching(NEEDS_FORCE) as unknown as string });
    expect(prompter.questions).toEqual([]);
    await unchanged();
  });

  it('declined with the prompter: exit 1, nothing changed', async () => {
    const prompter = new ScriptedPrompter([false]);
    const r = await runCli(v.argv, { home, prompter });
    expect(r.code).toBe(1);
    progressOnly(r.stdout);
    expect(r.stderr).toMatch(/Cancelled: nothing was changed\.\n$/);
    expect(prompter.questions).toEqual([v.question]);
    await unchanged();
  });

  it('declined on a piped stdin ("n", or an empty line: the default is No): exit 1, nothing changed', async () => {
    for (const answer of ['n\n', '\n', 'no\n']) {
      const r = await runCli(v.argv, { home, stdin: answer });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain('Cancelled: nothing was changed.');
      await unchanged();
    }
  });

  it('--force and -f: no question at all', async () => {
    const prompter = new ScriptedPrompter([]); // throws if asked
    const r = await runCli([...v.argv, '--force'], { home, prompter, env: { CI: 'true' } });
    expect(r.code, r.stderr).toBe(0);
    expect(prompter.questions).toEqual([]);
    expect(r.stderr).not.toContain('[y/N]');
    v.done(await snapshot(home));
  });

  it('-f: no question at all, on an empty stdin', async () => {
    const r = await runCli([...v.argv, '-f'], { home, stdin: '' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('[y/N]');
    v.done(await snapshot(home));
  });

  it('piped stdin at end of input: exit 2 naming --force, nothing changed', async () => {
    const r = await runCli(v.argv, { home, stdin: '' });
    expectFailed(r, 2, 'Could not read from input: EOF. Run the command again with -f (--force)');
    await unchanged();
  });

  it('--no-input: exit 2 naming --force without asking, nothing changed', async () => {
    const prompter = new ScriptedPrompter([true]);
    const r = await runCli([...v.argv, '--no-input'], { home, prompter, stdin: 'y\n' });
    expectFailed(r, 2, NEEDS_FORCE);
    expect(r.stderr).toContain('--no-input forbids asking');
    expect(prompter.questions).toEqual([]);
    await unchanged();
  });

  it('CI set and stdin a pipe or a file (`echo y |`, `< answers`): the answer is read', async () => {
    const r = await runCli(v.argv, { home, stdin: 'y\n', stdinKind: 'pipe', env: { CI: 'true' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${v.question} [y/N]> y\n`);
    v.done(await snapshot(home));
  });

  it('stdin neither a terminal nor a pipe nor a file (/dev/null, closed): exit 2 naming --force at once', async () => {
    const prompter = new ScriptedPrompter([true]);
    const r = await runCli(v.argv, { home, prompter, stdinKind: 'none', env: { CI: 'true' } });
    expectFailed(r, 2, NEEDS_FORCE);
    expect(r.stderr).toContain('neither a terminal nor a pipe nor a file');
    expect(prompter.questions).toEqual([]);
    await unchanged();
  });
});

describe('CI does not stop a question', () => {
  let home: string;
  beforeEach(async () => {
    home = tempHome();
    await createServiceId(home, 'app');
  });

  it('CI=true, false or empty: a piped answer is read', async () => {
    for (const ci of ['true', 'false', '']) {
      const r = await runCli(['service-id-lock', 'app'], { home, stdin: 'n\n', env: { CI: ci } });
      expect(r.code, r.stderr).toBe(1);
    }
  });

  it('CI set but stdin is a TTY: the question is asked', async () => {
    const prompter = new ScriptedPrompter([true]);
    const r = await runCli(['service-id-lock', 'app'], { home, prompter, stdinTTY: true, env: { CI: 'true' } });
    expect(r.code, r.stderr).toBe(0);
    expect(prompter.questions).toEqual(["Are you sure you want to lock service ID 'app'?"]);
  });

  it('an unclear piped answer is asked again', async () => {
    const r = await runCli(['service-id-lock', 'app'], { home, stdin: 'maybe\nY\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("[y/N]> maybe\nPlease enter 'y', 'n', 'yes' or 'no'.\nAre you sure you want to lock service ID 'app'? [y/N]> Y\n");
    const [s] = (await snapshot(home)).serviceIds;
    expect(s!.locked).toBe(true);
  });

  it('a question that cannot be resolved is never asked: the name is checked first', async () => {
    const prompter = new ScriptedPrompter([]);
    const r = await runCli(['service-id-delete', 'no-such'], { home, prompter });
    expect(r.code).toBe(3);
    expect(prompter.questions).toEqual([]);
  });
});

describe('a locked key or service ID is reported before the question (exit 5, nothing asked)', () => {
  let home: string;
  beforeEach(async () => {
    home = tempHome();
    await createServiceId(home, 'app');
    await createKey(home, 'k', 'app', ['--lock']);
    await createServiceId(home, 'locked-sid', ['--lock']);
  });

  it.each([
    [['service-api-key-delete', 'k', 'app']],
    [['service-api-key-update', 'k', 'app', '-d', 'x']],
    [['service-api-key-disable', 'k', 'app']],
    [['service-api-key-enable', 'k', 'app']],
    [['service-id-delete', 'locked-sid']],
    [['service-id-update', 'locked-sid', '-d', 'x']],
  ])('%j', async (argv) => {
    const before = await snapshot(home);
    const prompter = new ScriptedPrompter([]); // fails the test if a question is asked
    const r = await runCli(argv, { home, prompter });
    expectFailed(r, 5, /is locked, so it cannot be changed or deleted\. Unlock it first with 'iamkeys service-(api-key|id)-unlock /);
    expect(prompter.questions).toEqual([]);
    // `echo y |` in CI gets the same answer, without a prompt.
    const piped = await runCli(argv, { home, stdin: 'y\n', env: { CI: 'true' } });
    expectFailed(piped, 5);
    expect(piped.stderr).not.toContain('[y/N]');
    expect(await snapshot(home)).toEqual(before);
  });
});
