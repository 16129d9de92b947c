// The contract suite: one scenario of every service-id / service-api-key command, run on both
// transports — in-process (a fresh IAMKEYS_HOME in local mode) and the network client against a real server on
// 127.0.0.1:0 (IAMKEYS_IAM_ENDPOINT + IBMCLOUD_API_KEY). Each step must give its expected exit code on both, and
// the same stdout and stderr once ids, account ids, times, entity tags, key values and the user are normalised.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempHome, type CliResult } from '../helpers/run-cli.js';
import { remoteEnv, startTestIam, type TestIam } from '../remote/iam-server.js';

type Vars = Record<string, string>;

interface Step {
  argv: (v: Vars) => string[];
  code: number;
  stdin?: string;
  /** Reads values (ids, versions) for later steps from this step's result. */
  save?: (r: CliResult, v: Vars) => void;
  /** Extra checks on the normalised result (the same on both transports, so checked once). */
  expectOut?: RegExp;
  expectErr?: RegExp;
}

const NIL_SID = 'ServiceId-00000000-0000-4000-8000-000000000000';
const NIL_KEY = 'ApiKey-00000000-0000-4000-8000-000000000000';
const STALE = '1-00000000000000000000000000000000';

const fixed = (...argv: string[]) => (): string[] => argv;
const json = <T>(r: CliResult): T => JSON.parse(r.stdout) as T;

const STEPS: Step[] = [
  // --- service IDs: create, list, get -----------------------------------------------------------------
  { argv: fixed('service-id-create', 'app', '-d', 'the app'), code: 0, expectOut: /^Creating service ID app bound to current account as <USER>\.\.\.\nOK\nService ID app is created successfully\n\nID\s+<ServiceId#1>$/m },
  { argv: fixed('service-id-create', 'held', '--lock'), code: 0, expectOut: /^Locked\s+true$/m },
  { argv: fixed('service-id-create', 'twin'), code: 0 },
  { argv: fixed('service-id-create', 'twin', '-d', 'the second twin', '--output', 'json'), code: 0, expectOut: /"name": "twin"/ },
  { argv: fixed('service-id-create', ''), code: 2 },
  { argv: fixed('service-ids'), code: 0, expectOut: /^UUID\s+Name\s+Created At\s+Last Updated\s+Description\s+Locked$/m },
  { argv: fixed('service-ids', '--uuid'), code: 0 },
  { argv: fixed('service-ids', '-n', 'twi', '-d', 'second', '--output', 'json'), code: 0 },
  { argv: fixed('service-ids', '-n', 'no-such-thing'), code: 0, expectOut: /^OK\nNo service ID was found\.$/m },
  { argv: fixed('service-id', 'app', '--uuid'), code: 0, save: (r, v) => { v['app'] = r.stdout.trim(); } },
  { argv: fixed('service-id', 'held', '--uuid'), code: 0, save: (r, v) => { v['held'] = r.stdout.trim(); } },
  { argv: fixed('service-id', 'app'), code: 0, expectOut: /^Version\s+1-<TAG>$/m },
  { argv: (v) => ['service-id', v['app']!], code: 0 },
  { argv: (v) => ['iam', 'service-id', v['app']!, '--output', 'json'], code: 0, save: (r, v) => { v['appTag'] = json<{ entity_tag: string }[]>(r)[0]!.entity_tag; } },
  // `service-id NAME` shows every match, as ibmcloud (scripts: `--output json | jq -r '.[0].id'`).
  { argv: fixed('service-id', 'twin'), code: 0, expectOut: /^ID\s+<ServiceId#3>$[^]*^ID\s+<ServiceId#4>$/m },
  { argv: fixed('service-id', 'twin', '--output', 'json'), code: 0, expectOut: /^\[\n {2}\{\n {4}"id": "<ServiceId#3>"[^]*"id": "<ServiceId#4>"/ },
  { argv: fixed('service-id', 'nope'), code: 3, expectErr: /Service ID 'nope' was not found/ },
  { argv: fixed('service-id', NIL_SID), code: 3 },

  // --- service IDs: update, lock, unlock, version, conflicts ----------------------------------------------
  { argv: fixed('service-id-update', 'app', '-d', 'the app, changed', '-f'), code: 0, expectOut: /^Version\s+2-<TAG>$/m },
  { argv: (v) => ['service-id-update', v['app']!, '-d', 'stale write', '-v', v['appTag']!, '-f'], code: 5, expectErr: /stale version/ },
  { argv: (v) => ['service-id-update', v['app']!, '-d', 'stale write', '-v', STALE, '-f'], code: 5 },
  { argv: fixed('service-id-update', 'app', '-n', 'app-renamed', '-f'), code: 0 },
  { argv: fixed('service-id', 'app'), code: 3 },
  { argv: (v) => ['service-id-update', v['app']!, '-n', 'app', '-f', '--output', 'json'], code: 0, expectOut: /"entity_tag": "4-<TAG>"/ },
  { argv: fixed('service-id-update', 'held', '-d', 'x', '-f'), code: 5, expectErr: /is locked/ },
  { argv: fixed('service-id-delete', 'held', '-f'), code: 5, expectErr: /service-id-unlock <ServiceId#2>/ },
  { argv: fixed('service-id-update', 'nope', '-d', 'x', '-f'), code: 3 },
  { argv: (v) => ['service-id-update', NIL_SID, '-d', 'x', '-v', STALE, '-f'], code: 3 },
  { argv: fixed('service-id-update', 'twin', '-d', 'x', '-f'), code: 6 },
  { argv: fixed('service-id-update', 'app'), code: 2, expectErr: /Nothing to update/ },
  { argv: fixed('service-id-unlock', 'held', '-f'), code: 0, expectOut: /^Service ID held is unlocked$/m },
  { argv: (v) => ['service-id-lock', v['app']!, '-f'], code: 0 },
  { argv: fixed('service-id', 'app'), code: 0, expectOut: /^Locked\s+true$/m },
  { argv: fixed('service-id-unlock', 'app', '-f', '--output', 'json'), code: 0 },
  { argv: fixed('service-id-lock', 'nope', '-f'), code: 3 },
  { argv: fixed('service-id-delete', 'twin', '-f'), code: 6 },
  { argv: fixed('service-id-delete', 'held'), code: 1, stdin: 'n\n', expectErr: /nothing was changed/ },
  { argv: fixed('service-id-delete', 'held'), code: 2, expectErr: /--force/ },

  // --- access policies of a service ID, and the roles they give ----------------------------------------------
  { argv: fixed('service-policies', 'app'), code: 0, expectOut: /^OK\nNo policy found$/m },
  { argv: fixed('service-policy-create', 'app', '--roles', 'Reader,Writer', '--service-name', 'cloud-object-storage', '--service-instance', 'cos-1'), code: 0, expectOut: /^Policy ID:\s+<Policy#1>\nVersion:\s+1-<TAG>\nRoles:\s+Reader, Writer$/m },
  { argv: fixed('iam', 'service-policy-create', 'app', '-r', 'Reader', '--service-name', 'cloud-object-storage', '--service-instance', 'cos-1'), code: 5, expectErr: /already has a policy with these resource attributes \(policy <Policy#1>\)/ },
  { argv: fixed('service-policy-create', 'app', '--roles', 'Nope'), code: 2, expectErr: /^Role Nope was not found\. Valid roles are /m },
  { argv: fixed('service-policy-create', 'twin', '--roles', 'Viewer'), code: 6 },
  { argv: fixed('service-policies', 'app', '--output', 'json'), code: 0, save: (r, v) => { v['pol'] = json<{ id: string }[]>(r)[0]!.id; } },
  { argv: (v) => ['service-policy', 'app', v['pol']!], code: 0, expectOut: /^Version:\s+1-<TAG>$/m },
  { argv: (v) => ['service-policy-update', 'app', v['pol']!, '--roles', 'Manager', '-f'], code: 0, expectOut: /^Version:\s+2-<TAG>\nRoles:\s+Manager\nResources:\n {13}Service Name\s+cloud-object-storage$/m },
  { argv: (v) => ['service-policy', 'held', v['pol']!], code: 3, expectErr: /was not found for service ID 'held'/ },
  { argv: (v) => ['service-policy-delete', 'app', v['pol']!], code: 1, stdin: 'n\n', expectErr: /nothing was changed/ },
  { argv: (v) => ['service-policy-delete', 'app', v['pol']!, '-f'], code: 0, expectOut: /^Service policy <Policy#1> is successfully deleted$/m },
  { argv: (v) => ['service-policy', 'app', v['pol']!], code: 3 },
  { argv: fixed('roles', '--service', 'iam-identity', '--roles', 'Service ID creator'), code: 0, expectOut: /^CRN\s+crn:v1:bluemix:public:iam-identity::::serviceRole:ServiceIdCreator$/m },

  // --- API keys: create, list, get ------------------------------------------------------------------------
  { argv: fixed('service-api-key-create', 'k1', 'app', '-d', 'key one'), code: 0, expectOut: /^API Key\s+<APIKEY>$/m, expectErr: /Please preserve the API key/ },
  { argv: fixed('service-api-key-create', 'k2', 'app', '--lock', '--action-if-leaked', 'DISABLE'), code: 0, expectOut: /^Locked\s+true$/m },
  { argv: fixed('service-api-key-create', 'kd', 'app'), code: 0 },
  { argv: fixed('service-api-key-create', 'kd', 'app', '--output', 'json'), code: 0, expectOut: /"apikey": "<APIKEY>"/ },
  { argv: (v) => ['service-api-key-create', 'k3', v['app']!], code: 0 },
  { argv: fixed('service-api-key-create', 'k4', 'held'), code: 0 },
  { argv: fixed('service-api-key-create', 'kx', 'nope'), code: 3 },
  { argv: fixed('service-api-key-create', 'kx', NIL_SID), code: 3 },
  { argv: fixed('service-api-key-create', 'kx', 'twin'), code: 6 },
  { argv: fixed('service-api-keys', 'app'), code: 0, expectOut: /^ID\s+Name\s+Description\s+Created At\s+Last Updated\s+Locked$/m },
  { argv: (v) => ['service-api-keys', v['app']!, '--uuid'], code: 0 },
  { argv: fixed('service-api-keys', 'app', '-n', 'k', '-d', 'one', '--output', 'json'), code: 0 },
  { argv: fixed('service-api-keys', '-a'), code: 0, expectOut: /^ID\s+Name\s+Description\s+Created At\s+Last Updated\s+Locked$/m },
  { argv: fixed('service-api-keys', '-a', '--activity'), code: 0, expectOut: /^ID\s+Name\s+Description\s+Created At\s+Last Updated\s+Locked\s+Disabled\s+Last Used\s+Uses\s+Expires At\s+Rotation\s+Service ID$/m },
  { argv: fixed('service-api-keys', '--all', '--output', 'json'), code: 0 },
  { argv: fixed('service-api-keys', 'nope'), code: 3 },
  { argv: fixed('service-api-keys', 'twin'), code: 6 },
  { argv: fixed('service-api-keys'), code: 2 },
  { argv: fixed('service-api-key', 'k1', 'app'), code: 0, expectOut: /^If Leaked\s+NONE$/m },
  { argv: fixed('service-api-key', 'k1', 'app', '--uuid'), code: 0, save: (r, v) => { v['k1'] = r.stdout.trim(); } },
  { argv: (v) => ['service-api-key', v['k1']!, v['app']!], code: 0 },
  { argv: (v) => ['service-api-key', v['k1']!, 'app', '--output', 'json'], code: 0, save: (r, v) => { v['k1Tag'] = json<{ entity_tag: string }>(r).entity_tag; } },
  { argv: (v) => ['service-api-key', v['k1']!, v['held']!], code: 3, expectErr: /was not found in service ID/ },
  { argv: fixed('service-api-key', 'kd', 'app'), code: 6, expectErr: /More than one API key is named 'kd'/ },
  { argv: fixed('service-api-key', 'nope', 'app'), code: 3 },
  { argv: fixed('service-api-key', NIL_KEY, 'app'), code: 3 },
  { argv: fixed('service-api-key', 'k1', 'nope'), code: 3 },

  // --- API keys: update, lock, unlock, disable, enable, delete ------------------------------------------
  { argv: fixed('service-api-key-update', 'k1', 'app', '-d', 'key one, changed', '-f'), code: 0, expectOut: /^Version\s+2-<TAG>$/m },
  { argv: (v) => ['service-api-key-update', v['k1']!, v['app']!, '-n', 'stale', '-v', v['k1Tag']!, '-f'], code: 5, expectErr: /stale version/ },
  { argv: fixed('service-api-key-update', 'k2', 'app', '-d', 'x', '-f'), code: 5, expectErr: /is locked/ },
  { argv: fixed('service-api-key-delete', 'k2', 'app', '-f'), code: 5 },
  { argv: fixed('service-api-key-update', 'kd', 'app', '-d', 'x', '-f'), code: 6 },
  { argv: (v) => ['service-api-key-update', NIL_KEY, 'app', '-d', 'x', '-v', STALE, '-f'], code: 3 },
  { argv: fixed('service-api-key-unlock', 'k2', 'app', '-f'), code: 0, expectOut: /is unlocked/ },
  { argv: fixed('service-api-key-update', 'k2', 'app', '-n', 'k2-renamed', '--action-if-leaked', 'delete', '-f', '--output', 'json'), code: 0, expectOut: /"action_when_leaked": "delete"/ },
  { argv: (v) => ['service-api-key-lock', v['k1']!, v['app']!, '-f'], code: 0 },
  { argv: fixed('service-api-key', 'k1', 'app'), code: 0, expectOut: /^Locked\s+true$/m },
  { argv: fixed('service-api-key-unlock', 'k1', 'app', '-f', '--output', 'json'), code: 0 },
  { argv: fixed('service-api-key-disable', 'k1', 'app', '-f'), code: 0, expectOut: /is disabled/ },
  { argv: fixed('service-api-key', 'k1', 'app'), code: 0, expectOut: /^Disabled\s+true$/m },
  { argv: (v) => ['service-api-key-enable', v['k1']!, 'app', '-f'], code: 0, expectOut: /is enabled/ },
  { argv: fixed('service-api-key-disable', 'kd', 'app', '-f'), code: 6 },
  { argv: fixed('service-api-key-enable', 'nope', 'app', '-f'), code: 3 },
  { argv: fixed('service-api-key-lock', 'k1', 'twin', '-f'), code: 6 },
  { argv: fixed('service-api-key-delete', 'k3', 'app'), code: 0, stdin: 'y\n' },
  { argv: fixed('service-api-key-delete', 'k3', 'app', '-f'), code: 3 },
  { argv: (v) => ['service-api-key-delete', v['k1']!, v['app']!, '-f', '--output', 'json'], code: 0, expectOut: /"result": "deleted"/ },
  { argv: (v) => ['service-api-key-delete', v['k1']!, v['app']!, '-f'], code: 3 },
  { argv: fixed('service-api-keys', 'app'), code: 0 },

  // --- deleting service IDs: a locked key blocks it, then it takes its keys with it --------------------------
  { argv: fixed('service-api-key-lock', 'k2-renamed', 'app', '-f'), code: 0 },
  { argv: fixed('service-id-delete', 'app', '-f'), code: 5, expectErr: /locked API key/ },
  { argv: fixed('service-api-key-unlock', 'k2-renamed', 'app', '-f'), code: 0 },
  { argv: fixed('service-id-delete', 'app', '-f'), code: 0, expectOut: /Service ID app is deleted successfully/ },
  { argv: fixed('service-id', 'app'), code: 3 },
  { argv: fixed('service-id-delete', 'held'), code: 0, stdin: 'y\n' },
  { argv: fixed('service-api-keys', '--all'), code: 0, expectOut: /No API key was found/ },
  { argv: fixed('service-ids', '--output', 'json'), code: 0 },
  // --- user API keys: the caller's own ----------------------------------------------------------------------
  { argv: fixed('api-key-create', 'mine', '-d', 'my own'), code: 0, expectOut: /^Creating API key mine under account <ACCOUNT> as <USER>\.\.\.\nOK\nAPI key mine was created\n\nID\s+<ApiKey#\d+>$/m },
  { argv: fixed('api-key-create', 'mine-locked', '--lock', '--output', 'json'), code: 0, expectOut: /"locked": true/, save: (r, v) => { v['mineLocked'] = json<{ id: string }>(r).id; } },
  { argv: fixed('api-keys', '-n', 'mine'), code: 0, expectOut: /^Name\s+Description\s+Created At\s+Locked\s+Disabled\s+ID\nmine\s+my own\s+<TIME>\s+false\s+false\s+<ApiKey#\d+>$/m },
  { argv: fixed('api-keys', '-n', 'locked', '--output', 'json'), code: 0, expectOut: /"name": "mine-locked"/ },
  { argv: fixed('api-key', 'mine'), code: 0, expectOut: /^Description\s+my own$/m },
  { argv: fixed('api-key-update', 'mine', '-n', 'mine-2', '-f'), code: 0, expectOut: /API key mine-2 is updated successfully/ },
  { argv: (v) => ['api-key-delete', v['mineLocked']!, '-f'], code: 5 },
  { argv: fixed('api-key-unlock', 'mine-locked', '-f'), code: 0 },
  { argv: fixed('api-key-disable', 'mine-2', '-f'), code: 0 },
  { argv: fixed('api-key-enable', 'mine-2', '-f'), code: 0 },
  { argv: fixed('api-key-lock', 'mine-2', '-f'), code: 0 },
  { argv: fixed('api-key-unlock', 'mine-2', '-f'), code: 0 },
  { argv: fixed('api-key-delete', 'mine-2', '-f'), code: 0, expectOut: /^OK\nAPI key mine-2 is deleted successfully$/m },
  { argv: fixed('api-key-delete', 'mine-2', '-f'), code: 3 },
  { argv: fixed('api-key-delete', NIL_KEY, '-f'), code: 3 },
];

/**
 * Replaces what differs between two runs of the same scenario. Ids become `<ServiceId#n>` / `<ApiKey#n>`,
 * numbered in order of first appearance, so a step that shows the wrong entity still differs.
 */
class Normaliser {
  private readonly ids = new Map<string, string>();
  private readonly counts: Record<string, number> = {};

  text(s: string): string {
    return s
      .replace(/transaction ID [A-Za-z0-9_-]+/g, 'transaction ID <TX>')
      .replace(/\b(ServiceId|ApiKey)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, (id, kind: string) => {
        let label = this.ids.get(id);
        if (!label) {
          this.counts[kind] = (this.counts[kind] ?? 0) + 1;
          label = `<${kind}#${this.counts[kind]}>`;
          this.ids.set(id, label);
        }
        return label;
      })
      // Policy ids are bare UUIDs (service ID and key ids are replaced above).
      .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, (id) => {
        let label = this.ids.get(id);
        if (!label) {
          this.counts['Policy'] = (this.counts['Policy'] ?? 0) + 1;
          label = `<Policy#${this.counts['Policy']}>`;
          this.ids.set(id, label);
        }
        return label;
      })
      .replace(/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z\b/g, '<TIME>')
      .replace(/https?:\/\/[^/"\s]+\/v([12])\//g, '<ORIGIN>/v$1/')
      .replace(/\b(\d+)-[0-9a-f]{32}\b/g, '$1-<TAG>')
      .replace(/\b[0-9a-f]{32}\b/g, '<ACCOUNT>')
      .replace(/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}\+0000\b/g, '<TIME>')
      .replace(/IBMid-[A-Z0-9]+/g, '<IAMID>')
      .replace(/[^\s'"@]+@localhost/g, '<USER>')
      // A key value: 44 URL-safe characters standing alone (ids are already replaced).
      .replace(/(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{44}(?![A-Za-z0-9_-])/g, '<APIKEY>');
  }
}

interface Transcript {
  results: CliResult[];
  normalised: CliResult[];
}

async function runScenario(env: Record<string, string>): Promise<Transcript> {
  const home = tempHome('iamkeys-contract-');
  const vars: Vars = {};
  const norm = new Normaliser();
  const results: CliResult[] = [];
  const normalised: CliResult[] = [];
  for (const step of STEPS) {
    const r = await runCli(step.argv(vars), { home, env, ...(step.stdin !== undefined ? { stdin: step.stdin } : {}) });
    results.push(r);
    normalised.push({ code: r.code, stdout: norm.text(r.stdout), stderr: norm.text(r.stderr) });
    if (step.save && r.code === 0) step.save(r, vars);
  }
  return { results, normalised };
}

let iam: TestIam;
let local: Transcript;
let remote: Transcript;
let tokenRequests = 0;

beforeAll(async () => {
  iam = await startTestIam();
  local = await runScenario({});
  remote = await runScenario(remoteEnv(iam));
  tokenRequests = iam.count('POST', '/identity/token');
  if (process.env['CONTRACT_DUMP']) {
    for (const [i, n] of local.normalised.entries()) process.stdout.write(`\n### ${label(STEPS[i]!, i)}\n[exit ${n.code}]\n${n.stdout}--- stderr\n${n.stderr}`);
  }
}, 120_000);

afterAll(async () => {
  await iam?.close();
});

const label = (s: Step, i: number): string => {
  const shown = s.argv({ app: '<app-uuid>', held: '<held-uuid>', appTag: '<tag>', k1: '<k1-uuid>', k1Tag: '<tag>', pol: '<policy-id>' });
  return `step ${String(i + 1).padStart(2, '0')}: ${shown.map((a) => (a === '' || /\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}${s.stdin ? ` <<< ${JSON.stringify(s.stdin)}` : ''} → exit ${s.code}`;
};

describe('every service-id / service-api-key / api-key / service-policy command gives the same result on both transports', () => {
  STEPS.forEach((step, i) => {
    it(label(step, i), () => {
      const l = local.normalised[i]!;
      const r = remote.normalised[i]!;
      expect({ transport: 'in-process', code: l.code, stderr: l.stderr }).toEqual({ transport: 'in-process', code: step.code, stderr: l.stderr });
      expect({ transport: 'network', code: r.code, stderr: r.stderr }).toEqual({ transport: 'network', code: step.code, stderr: r.stderr });
      expect(r.stdout).toBe(l.stdout);
      expect(r.stderr).toBe(l.stderr);
      if (step.expectOut) expect(l.stdout).toMatch(step.expectOut);
      if (step.expectErr) expect(l.stderr).toMatch(step.expectErr);
      // Failures are one FAILED and a message, never a stack trace; successes print no FAILED.
      if (step.code === 0) expect(l.stderr).not.toContain('FAILED');
      else if (step.stdin === undefined) expect(l.stderr).toMatch(/^FAILED$/m);
      // --output json prints the JSON and nothing else anywhere (scripts parse `2>&1`); text puts OK on line 2
      // (`awk 'NR==2'`) unless -q or --uuid.
      const argv = step.argv({ app: 'x', held: 'x', appTag: 'x', k1: 'x', k1Tag: 'x', pol: 'x' });
      if (step.code === 0 && argv.includes('--output')) expect(l.stderr).toBe('');
      if (step.code === 0 && argv.includes('--output')) expect(() => JSON.parse(r.stdout) as unknown).not.toThrow();
      if (step.code === 0 && !argv.includes('--output') && !argv.includes('--uuid')) expect(l.stdout.split('\n')[1]).toBe('OK');
      expect(l.stderr + r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    });
  });

  it('normalises nothing that matters: the raw runs differ only in ids, times, tags, accounts, values and the user', () => {
    // The network run really went over the network: the server saw each command's requests.
    expect(iam.count('GET', '/v1/serviceids')).toBeGreaterThan(10);
    // Six service ID keys and two user keys made, plus one create for the unknown service ID UUID (sent
    // unchecked, refused with 400).
    expect(iam.count('POST', '/v1/apikeys')).toBe(9);
    expect(iam.count('POST', '/v1/serviceids')).toBe(4);
    // And the raw outputs are not trivially equal (two stores, two accounts).
    expect(remote.results[0]!.stdout).not.toBe(local.results[0]!.stdout);
  });

  it('the network run asked for one token for the whole scenario (cached in tokens.json between commands)', () => {
    expect(tokenRequests).toBe(1);
  });

  it('--output json prints one JSON document on stdout, the same wire objects on both transports', () => {
    STEPS.forEach((s, i) => {
      const argv = s.argv({ app: 'a', held: 'h', appTag: 't', k1: 'k', k1Tag: 't' });
      if (!argv.includes('--output') || s.code !== 0) return;
      const l = JSON.parse(local.normalised[i]!.stdout) as unknown;
      const r = JSON.parse(remote.normalised[i]!.stdout) as unknown;
      expect(r).toEqual(l);
    });
  });
});
