// A real ibmcloud script, unchanged but for `ibmcloud` being iamkeys, run by bash with `set -e` against a spawned
// `serve` through IAMKEYS_IAM_ENDPOINT, with CI=true and no TTY: config, login with -r -g, target read with jq,
// the other login forms scripts use (api first, -apikey, -c --quiet, IBMCLOUD_API_KEY), a service ID and a key made
// (--file onto the file mktemp made, the secret read back with awk '/API Key/') and removed. Also `serve --host 0.0.0.0` warns.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempHome } from '../helpers/run-cli.js';
import { BIN, cliEnv, runBash, spawnServe, type ServeChild } from '../helpers/spawn.js';

type Served = ServeChild;

const startServe = (home: string, args: string[]): Promise<Served> => spawnServe(home, ['--memory', ...args]);

async function stop(s: Served | undefined): Promise<void> {
  if (!s || s.child.exitCode !== null) return;
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  await exited;
}

const bash = (script: string, env: NodeJS.ProcessEnv) => runBash(['-c', script], env);

const SCRIPT = String.raw`
set -euo pipefail
ibmcloud() { node "$IAMKEYS_BIN" "$@"; }
ibmcloud config --check-version=false
ibmcloud config --usage-stats-collect false
ibmcloud api --unset
ibmcloud api https://cloud.ibm.com
ibmcloud login --apikey "$IBM_KEY" -r us-south -g default
EMAIL=$(ibmcloud target --output json | jq -r .user.user_email)
REGION=$(ibmcloud target --output json | jq -r '.region.name')
ACCOUNT=$(ibmcloud target --output json | jq -r .account.guid)
ibmcloud login -a https://cloud.ibm.com --apikey @"$KEY_FILE" -r us-south -q
ibmcloud login -apikey "$IBM_KEY" --no-region > /dev/null 2>&1
ibmcloud login -a cloud.ibm.com --apikey "$IBM_KEY" -c "$ACCOUNT" -r us-south --quiet > /dev/null 2>&1
IBMCLOUD_API_KEY="$IBM_KEY" ibmcloud login -r us-east -g default > /dev/null
[ "$(ibmcloud target --output json | jq -r .region.name)" = us-east ]
ibmcloud target -g default
SID=$(ibmcloud iam service-id-create ci-app -d "made by CI" --output json | jq -r .id)
KEYFILE=$(mktemp "$WORK/key.XXXXXX")
SECRET=$(ibmcloud iam service-api-key-create ci-key "$SID" --file "$KEYFILE" | awk '/API Key/{print $3}')
[ -n "$SECRET" ] && [ "$SECRET" = "$(jq -r .apikey "$KEYFILE")" ]
mv "$KEYFILE" "$WORK/ci-key.json"
KEY_ID=$(ibmcloud iam service-api-keys "$SID" --output json | jq -r '.[0].id')
ibmcloud iam service-api-key-delete "$KEY_ID" "$SID" -f
ibmcloud iam service-id-delete "$SID" -f
echo "email=$EMAIL region=$REGION account=$ACCOUNT sid=$SID key=$KEY_ID"
`;

describe('an ibmcloud script run offline against serve', () => {
  let served: Served | undefined;
  let work: string;
  let ownerFile: string;

  beforeAll(async () => {
    work = tempHome('iamkeys-script-');
    ownerFile = join(work, 'owner.json');
    served = await startServe(work, ['--apikey-file', ownerFile]);
  });

  afterAll(async () => {
    await stop(served);
  });

  it('runs to the end under set -e, with CI=true and no TTY, and reads what ibmcloud scripts read', async () => {
    const home = join(work, 'home');
    const key = (JSON.parse(readFileSync(ownerFile, 'utf8')) as { apikey: string }).apikey;
    const r = await bash(SCRIPT, cliEnv(home, {
      IAMKEYS_BIN: BIN, IAMKEYS_IAM_ENDPOINT: served!.url, CI: 'true', IBM_KEY: key, KEY_FILE: ownerFile, WORK: work,
    }));
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    const last = /^email=(\S+) region=(\S*) account=([0-9a-f]{32}) sid=(ServiceId-\S+) key=(ApiKey-\S+)$/m.exec(r.stdout);
    expect(last, r.stdout).not.toBeNull();
    expect(last![1]).toMatch(/@localhost$/);
    expect(last![2]).toBe('us-south');
    expect(JSON.parse(readFileSync(join(work, 'ci-key.json'), 'utf8'))).toHaveProperty('apikey');
    // The literal key was warned about on stderr and never printed.
    expect(r.stderr).toContain('keeps it out of the process list');
    expect(r.stdout + r.stderr).not.toContain(key);
  });
});

describe('serve on a non-loopback address', () => {
  it('warns once on stderr; on 127.0.0.1 it does not', async () => {
    const open = await startServe(tempHome(), ['--host', '0.0.0.0']);
    let local: Served | undefined;
    try {
      // The warning is written right after the URL, before serve waits for requests.
      const deadline = Date.now() + 10_000;
      while (!open.stderr().includes('Listening on') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(open.stderr().match(/Listening on 0\.0\.0\.0, not only on this machine/g)).toHaveLength(1);
      local = await startServe(tempHome(), []);
      const until = Date.now() + 10_000;
      while (!local.stderr().includes('Serving the local IAM') && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(local.stderr()).toContain('Serving the local IAM');
      expect(local.stderr()).not.toContain('Listening on');
    } finally {
      await stop(open);
      await stop(local);
    }
  });
});

