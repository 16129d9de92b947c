// The parse steps of the commands: what was typed → each command's typed options, and bad input → a usage
// error (exit 2) with its message, all without a store, a file or a request.
import { describe, expect, it } from 'vitest';
import { usage } from '../helpers/usage-error.js';
import { Given, type Command } from '../../src/cli/spec.js';
import { apiKeyCreate } from '../../src/cli/commands/service-api-key/create.js';
import { apiKeyDelete } from '../../src/cli/commands/service-api-key/delete.js';
import { apiKeyList } from '../../src/cli/commands/service-api-key/list.js';
import { apiKeyRotate } from '../../src/cli/commands/service-api-key/rotate.js';
import { apiKeyUpdate } from '../../src/cli/commands/service-api-key/update.js';
import { apiKeysAudit } from '../../src/cli/commands/service-api-key/audit.js';
import { serviceIdDelete } from '../../src/cli/commands/service-id/delete.js';
import { serviceIdGet } from '../../src/cli/commands/service-id/get.js';
import { serviceIdUpdate } from '../../src/cli/commands/service-id/update.js';
import { userCreate } from '../../src/cli/commands/identities/user-create.js';
import { completion } from '../../src/cli/commands/completion.js';
import { config } from '../../src/cli/commands/session/config.js';
import { login } from '../../src/cli/commands/session/login.js';
import { target } from '../../src/cli/commands/session/target.js';
import { serve } from '../../src/cli/commands/serve.js';

const NOW = Date.UTC(2026, 10, 27, 10, 57, 42);
const DAY = 86_400_000;

const parse = <O>(c: Command<O>, args: string[], opts: Record<string, unknown> = {}): O => c.parse(new Given(args, opts, NOW));

describe('Given', () => {
  it('reads text options, flags, --no- forms and arguments', () => {
    const g = new Given(['a', undefined], { name: 'n', force: true, region: false, empty: '' });
    expect(g.arg(0)).toBe('a');
    expect(g.optionalArg(1)).toBeUndefined();
    expect(usage(() => g.arg(1))).toBe('Missing argument 2.');
    expect(g.str('name')).toBe('n');
    expect(g.str('force')).toBeUndefined();
    expect(g.str('empty')).toBe('');
    expect(g.bool('force')).toBe(true);
    expect(g.bool('name')).toBe(false);
    expect(g.given('region')).toBe(true);
    expect(g.negated('region')).toBe(true);
    expect(g.given('other')).toBe(false);
    expect(g.flagsGiven({ name: '-n', region: '--region', other: '--other' })).toEqual(['-n']);
  });

});

describe('service-api-key-create', () => {
  it('fills the options, with defaults for what was not given', () => {
    expect(parse(apiKeyCreate, ['k', 'sid'])).toEqual({
      name: 'k', sid: 'sid', description: undefined, action: undefined, expires: undefined, file: undefined, lock: false,
    });
  });

  it('reads every option', () => {
    const o = parse(apiKeyCreate, ['k', 'sid'], { description: 'd', actionIfLeaked: 'DELETE', expiresIn: '2d', file: 'key.json', lock: true });
    expect(o).toMatchObject({ description: 'd', action: 'delete', file: 'key.json', lock: true });
    expect(Date.parse(o.expires!)).toBeGreaterThanOrEqual(NOW + 2 * DAY);
  });

  it('refuses bad input with the message the CLI prints', () => {
    expect(usage(() => parse(apiKeyCreate, ['k', 'sid'], { actionIfLeaked: 'burn' }))).toMatch(/--action-if-leaked/);
    expect(usage(() => parse(apiKeyCreate, ['k', 'sid'], { expiresAt: '2027-01-01', expiresIn: '2d' }))).toBe('Give --expires-at or --expires-in, not both.');
    expect(usage(() => parse(apiKeyCreate, ['', 'sid']))).toMatch(/API key/);
  });
});

describe('service-api-key-update and service-id-update', () => {
  it('builds the request body from the options given', () => {
    expect(parse(apiKeyUpdate, ['k', 'sid'], { name: 'new', actionIfLeaked: 'none', version: '2-abc', force: true }))
      .toEqual({ key: 'k', sid: 'sid', body: { name: 'new', action_when_leaked: 'none' }, version: '2-abc', force: true });
    expect(parse(serviceIdUpdate, ['s'], { description: 'd' })).toEqual({ arg: 's', body: { description: 'd' }, version: undefined, force: false });
  });

  it('refuses an update of nothing', () => {
    expect(usage(() => parse(apiKeyUpdate, ['k', 'sid'], { version: '1' })))
      .toBe('Nothing to update: give -n, -d, --action-if-leaked, --expires-at or --expires-in.');
    expect(usage(() => parse(serviceIdUpdate, ['s']))).toBe('Nothing to update: give -n NEW_NAME and/or -d DESCRIPTION.');
  });
});

describe('service-api-keys and service-api-keys-audit', () => {
  it('take a service ID or --all, exactly one', () => {
    expect(parse(apiKeyList, ['sid'], { uuid: true })).toEqual({ sid: 'sid', uuid: true, activity: false, name: undefined, description: undefined });
    expect(parse(apiKeyList, [], { all: true }).sid).toBeUndefined();
    expect(usage(() => parse(apiKeyList, ['sid'], { all: true }))).toBe('Give a service ID or --all, not both.');
    expect(usage(() => parse(apiKeyList, []))).toBe('Give the service ID whose API keys to list, or --all.');
    expect(usage(() => parse(apiKeysAudit, []))).toBe('Give the service ID whose API keys to audit, or --all.');
  });

  it('audit uses the default thresholds only when none is given', () => {
    expect(parse(apiKeysAudit, ['sid']).rules).toEqual({ olderThanMs: 90 * DAY, unusedForMs: 90 * DAY, expiringWithinMs: 14 * DAY, includeDisabled: false });
    expect(parse(apiKeysAudit, [], { all: true, unusedFor: '30d', includeDisabled: true }).rules)
      .toEqual({ olderThanMs: undefined, unusedForMs: 30 * DAY, expiringWithinMs: undefined, includeDisabled: true });
    expect(usage(() => parse(apiKeysAudit, ['sid'], { olderThan: 'soon' }))).toMatch(/--older-than/);
  });
});

describe('service-api-key-rotate', () => {
  it('defaults to expire after 24 hours', () => {
    expect(parse(apiKeyRotate, ['k', 'sid'], { retire: 'expire' }))
      .toEqual({ key: 'k', sid: 'sid', mode: 'expire', graceMs: DAY, file: undefined, force: false });
    expect(parse(apiKeyRotate, ['k', 'sid'], { retire: 'DELETE', force: true })).toMatchObject({ mode: 'delete', force: true });
  });

  it('refuses an unknown mode, and --grace with another mode', () => {
    expect(usage(() => parse(apiKeyRotate, ['k', 'sid'], { retire: 'burn' }))).toBe("--retire must be expire, disable, delete or keep, not 'burn'.");
    expect(usage(() => parse(apiKeyRotate, ['k', 'sid'], { retire: 'keep', grace: '1h' }))).toBe('--grace applies to --retire expire only, not --retire keep.');
  });
});

describe('actions, get, user-create, completion, config', () => {
  it('delete of a key or a service ID reads its arguments and -f', () => {
    expect(parse(apiKeyDelete, ['k', 'sid'], { force: true })).toEqual({ args: { key: 'k', sid: 'sid' }, force: true });
    expect(parse(serviceIdDelete, ['s'])).toEqual({ args: 's', force: false });
    expect(parse(serviceIdGet, ['s'], { uuid: true })).toEqual({ arg: 's', uuid: true });
  });

  it('user-create needs an email', () => {
    expect(parse(userCreate, ['alice'], { email: 'a@example.com', admin: true }))
      .toEqual({ name: 'alice', email: 'a@example.com', admin: true, file: undefined });
    expect(usage(() => parse(userCreate, ['alice']))).toBe('Give the email of the user with --email.');
  });

  it('completion knows three shells', () => {
    expect(typeof parse(completion, ['zsh']).make).toBe('function');
    expect(usage(() => parse(completion, ['toString']))).toBe("Completion is made for bash, zsh and fish, not 'toString'.");
  });

  it('config names the settings given, and needs one', () => {
    expect(parse(config, [], { checkVersion: 'false', color: true })).toEqual({ flags: ['--check-version'] });
    expect(parse(config, [], { color: 'false' })).toEqual({ flags: ['--color'] });
    expect(usage(() => parse(config, [], { color: true }))).toBe('Give a setting, e.g. --check-version=false. Run with -h for the list.');
  });
});

describe('login, target and serve', () => {
  it('login takes --sso and -u/-p as a person\'s login, one way at a time, and refuses --local with a key', () => {
    expect(parse(login, [], { sso: true })).toMatchObject({ local: false, person: { kind: 'sso' } });
    expect(parse(login, [], { u: 'me' })).toMatchObject({ person: { kind: 'password', user: 'me', password: undefined } });
    expect(parse(login, [], { u: 'passcode', p: 'CODE' })).toMatchObject({ person: { kind: 'password', user: 'passcode', password: 'CODE' } });
    expect(usage(() => parse(login, [], { sso: true, u: 'me' }))).toBe('--sso and -u/-p are two ways to log in: give one.');
    expect(usage(() => parse(login, [], { p: 'secret' }))).toMatch(/^-p needs -u USER/);
    expect(usage(() => parse(login, [], { sso: true, apikey: 'x' }))).toBe('--apikey and --sso are two ways to log in: give one.');
    expect(usage(() => parse(login, [], { crToken: 't' }))).toMatch(/^--cr-token and --profile log in a compute resource/);
    expect(usage(() => parse(login, [], { local: true, apikey: 'x' }))).toBe('--local takes no --apikey, --iam-endpoint, --sso or -u.');
    expect(parse(login, [], { local: true, region: 'not a region' })).toEqual({ local: true });
  });

  it('login reads the key, the endpoint and the targeting options, and names those it ignores', () => {
    expect(parse(login, [], { apikey: '@k.json', iamEndpoint: 'cloud.ibm.com', region: 'us-south', account: false, vpc: true, accept: false }))
      .toEqual({
        local: false, apikey: '@k.json', person: undefined, iamEndpoint: 'cloud.ibm.com', insecure: false,
        flags: { region: 'us-south', accountId: null }, ignored: ['--vpc'],
      });
    expect(usage(() => parse(login, [], { region: 'Mars' }))).toMatch(/is not a region name/);
  });

  it('target reads unsets and ignored options', () => {
    expect(parse(target, [], { unsetRegion: true, unsetResourceGroup: true, cf: true, s: 'dev' }))
      .toEqual({ flags: { region: null, resourceGroup: null }, ignored: ['--cf', '-s'] });
    expect(usage(() => parse(target, [], { account: 'abc' }))).toMatch(/is not an account ID/);
  });

  it('serve checks the port, the token lifetime and --store with --memory', () => {
    const defaults = { host: '127.0.0.1', port: '8099', tokenTtl: '3600' };
    expect(parse(serve, [], defaults)).toEqual({
      mode: 'foreground', host: '127.0.0.1', port: 8099, store: undefined, memory: false, tokenTtl: 3600, apikeyFile: undefined, faults: undefined,
    });
    expect(parse(serve, [], { ...defaults, detach: true })).toMatchObject({ mode: 'detach' });
    expect(parse(serve, [], { ...defaults, stop: true })).toMatchObject({ mode: 'stop' });
    expect(usage(() => parse(serve, [], { ...defaults, detach: true, stop: true }))).toBe('Give --detach or --stop, not both.');
    expect(usage(() => parse(serve, [], { ...defaults, port: '70000' }))).toBe("--port must be a whole number from 0 to 65535, not '70000'.");
    expect(usage(() => parse(serve, [], { ...defaults, tokenTtl: '2' }))).toBe('--token-ttl must be a whole number of seconds from 5 to 86400.');
    expect(usage(() => parse(serve, [], { ...defaults, memory: true, store: 'x.db' }))).toBe('Give --store or --memory, not both.');
  });
});
