// How `login -a` and IAMKEYS_IAM_ENDPOINT read an endpoint (ibmcloud's API endpoints → their IAM; any other URL
// is an IAM used as is), and Go's single-dash long options (`login -apikey KEY`) as scripts write them.
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { isCleartextRemote, parseEndpoint, sameEndpoint } from '../../src/cli/input/endpoints.js';
import { CliError } from '../../src/cli/errors.js';
import { goLongFlags } from '../../src/cli/input/go-flags.js';
import { GLOBALS } from '../../src/cli/program.js';

describe('parseEndpoint', () => {
  it.each([
    ['cloud.ibm.com', 'https://iam.cloud.ibm.com', 'https://cloud.ibm.com'],
    ['https://cloud.ibm.com', 'https://iam.cloud.ibm.com', 'https://cloud.ibm.com'],
    ['https://cloud.ibm.com/', 'https://iam.cloud.ibm.com', 'https://cloud.ibm.com'],
    ['HTTPS://Cloud.IBM.com', 'https://iam.cloud.ibm.com', 'https://cloud.ibm.com'],
    ['private.cloud.ibm.com', 'https://private.iam.cloud.ibm.com', 'https://private.cloud.ibm.com'],
    ['test.cloud.ibm.com', 'https://iam.test.cloud.ibm.com', 'https://test.cloud.ibm.com'],
    ['api.ng.bluemix.net', 'https://iam.cloud.ibm.com', 'https://cloud.ibm.com'],
    ['https://api.eu-gb.bluemix.net', 'https://iam.cloud.ibm.com', 'https://cloud.ibm.com'],
    ['api.bluemix.net', 'https://iam.cloud.ibm.com', 'https://cloud.ibm.com'],
    ['https://iam.cloud.ibm.com', 'https://iam.cloud.ibm.com', 'https://iam.cloud.ibm.com'],
    ['http://127.0.0.1:8099/', 'http://127.0.0.1:8099', 'http://127.0.0.1:8099'],
    ['http://localhost:8099', 'http://localhost:8099', 'http://localhost:8099'],
    ['localhost:8099', 'https://localhost:8099', 'https://localhost:8099'],
    ['https://private.us-south.iam.cloud.ibm.com', 'https://private.us-south.iam.cloud.ibm.com', 'https://private.us-south.iam.cloud.ibm.com'],
  ])('%s → IAM %s', (raw, iam, api) => {
    expect(parseEndpoint(raw, '-a')).toEqual({ iam, api });
  });

  it.each(['', 'not a url', 'ftp://127.0.0.1', 'https://user:pw@cloud.ibm.com', 'https://cloud.ibm.com/?x=1', 'https://', 'http://[::1', 'http:/127.0.0.1:9', 'https:cloud.ibm.com', 'http:127.0.0.1:9'])(
    "refuses '%s' with a usage error (exit 2) that names where it came from",
    (raw) => {
      let err: unknown;
      try {
        parseEndpoint(raw, '-a');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CliError);
      expect((err as CliError).exitCode).toBe(2);
      expect((err as CliError).message).toMatch(/^-a '/);
      expect((err as CliError).message).not.toContain('\n');
    },
  );

  it('tells clear text to another machine from loopback and https', () => {
    expect(isCleartextRemote('http://10.1.2.3:8099')).toBe(true);
    expect(isCleartextRemote('http://0.0.0.0:8099')).toBe(true);
    expect(isCleartextRemote('http://iam.example.com')).toBe(true);
    expect(isCleartextRemote('http://127.0.0.1:8099')).toBe(false);
    expect(isCleartextRemote('http://127.8.9.10:8099')).toBe(false);
    expect(isCleartextRemote('http://localhost:8099')).toBe(false);
    // A name under .localhost goes to the system resolver, which may send it anywhere.
    expect(isCleartextRemote('http://x.localhost:9')).toBe(true);
    expect(isCleartextRemote('http://localhost.example.com:9')).toBe(true);
    expect(isCleartextRemote('http://[::1]:8099')).toBe(false);
    expect(isCleartextRemote('https://10.1.2.3')).toBe(false);
  });

  it('compares endpoints as URLs', () => {
    expect(sameEndpoint('http://127.0.0.1:8099/', 'http://127.0.0.1:8099')).toBe(true);
    expect(sameEndpoint('HTTP://LOCALHOST:8099', 'http://localhost:8099')).toBe(true);
    expect(sameEndpoint('http://127.0.0.1:8099', 'http://127.0.0.1:8098')).toBe(false);
    expect(sameEndpoint('local', 'http://127.0.0.1:8099')).toBe(false);
  });
});

describe("Go's single-dash long options", () => {
  const go = (argv: string[]): string[] => goLongFlags(argv, COMMANDS, GLOBALS.map((g) => g.flags));

  it('reads -apikey KEY and -apikey=KEY as --apikey, as ibmcloud scripts write them', () => {
    expect(go(['login', '-apikey', 'K', '--no-region'])).toEqual(['login', '--apikey', 'K', '--no-region']);
    expect(go(['login', '-apikey=K'])).toEqual(['login', '--apikey=K']);
    expect(go(['login', '-no-region', '-vpc', '-quiet'])).toEqual(['login', '--no-region', '--vpc', '--quiet']);
    expect(go(['iam', 'service-id', 'x', '-uuid'])).toEqual(['iam', 'service-id', 'x', '--uuid']);
    expect(go(['login', '-a', 'cloud.ibm.com', '-r', 'us-south', '-g', 'Default', '-sso'])).toEqual(['login', '-a', 'cloud.ibm.com', '-r', 'us-south', '-g', 'Default', '--sso']);
  });

  it('leaves short options, option values, unknown words and everything after -- alone', () => {
    expect(go(['login', '-a', '-apikey', '-r', 'us-south'])).toEqual(['login', '-a', '-apikey', '-r', 'us-south']);
    expect(go(['login', '--apikey', '-region'])).toEqual(['login', '--apikey', '-region']);
    expect(go(['login', '-nothing'])).toEqual(['login', '-nothing']);
    expect(go(['service-id-create', 'x', '-d', '-lock', '--', '-lock'])).toEqual(['service-id-create', 'x', '-d', '-lock', '--', '-lock']);
    expect(go(['unknown-command', '-apikey'])).toEqual(['unknown-command', '-apikey']);
  });
});
