// Command lines of real public ibmcloud scripts, replayed unchanged through bash with `ibmcloud` bound to the
// binary, with their own parsing (jq, awk 'NR==2', awk '/API Key/', --uuid, `2>&1` capture, set -e), in CI
// (CI=true, stdin /dev/null, no TTY), on the embedded local IAM and against a spawned `iamkeys serve`.
// Where each line comes from is in the README's "Differences from ibmcloud".
import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempHome } from '../helpers/run-cli.js';
import { BIN, cliEnv, runBash, spawnServe, type ProcessResult } from '../helpers/spawn.js';

interface Served {
  url: string;
  ownerKeyFile: string;
  server: ChildProcess;
}

/** A fresh `iamkeys serve --memory` for one script, so every script starts on an empty account. */
async function startServe(): Promise<Served> {
  const dir = tempHome('iamkeys-scripts-serve-');
  const ownerKeyFile = join(dir, 'owner.json');
  const { child, url } = await spawnServe(dir, ['--memory', '--apikey-file', ownerKeyFile]);
  return { url, ownerKeyFile, server: child };
}

const TARGETS = [{ name: 'the embedded local IAM', serve: false }, { name: 'a spawned iamkeys serve', serve: true }];

/** Runs a bash script as CI runs it: CI=true, stdin /dev/null, `ibmcloud` the binary (as `alias ibmcloud=iamkeys`). */
function bash(script: string, home: string, env: Record<string, string>): Promise<ProcessResult> {
  const file = join(home, 'script.sh');
  writeFileSync(file, `set -euo pipefail\nibmcloud() { "$NODE" "$BIN" "$@"; }\n${script}`);
  return runBash([file], { ...cliEnv(home, env), CI: 'true', NODE: process.execPath, BIN, TMPDIR: home });
}

describe.each(TARGETS)('real ibmcloud script lines on $name', (target) => {
  const run = async (script: string) => {
    const home = tempHome('iamkeys-scripts-');
    const served = target.serve ? await startServe() : undefined;
    try {
      const env = served ? { IAMKEYS_IAM_ENDPOINT: served.url, IBMCLOUD_API_KEY: `@${served.ownerKeyFile}` } : {};
      return { ...(await bash(script, home, env)), home };
    } finally {
      served?.server.kill('SIGTERM');
    }
  };

  it('provisioning: create with jq -r .id, show by name as an array (.[0].id), a key read with awk after --file "$(mktemp)", cleanup with -f', async () => {
    const r = await run(`
SERVICE_ID=$(ibmcloud iam service-id-create ci-app --description "Service ID for CI" --output json | jq -r ".id")
ibmcloud iam service-id-create ci-app -d "a second one with that name" --output json > /dev/null
service_id_json=$(ibmcloud iam service-id ci-app --output json)
[ "$(jq -r '.[0].id' <<< "$service_id_json")" = "$SERVICE_ID" ]
[ "$(jq length <<< "$service_id_json")" = 2 ]
[ "$(ibmcloud iam service-id "$SERVICE_ID" --output json | jq -r '.[0].id')" = "$SERVICE_ID" ]
[ "$(ibmcloud iam service-id "$SERVICE_ID" --uuid)" = "$SERVICE_ID" ]
KEYFILE="$(mktemp)"
export SERVICEID_API_KEY=$(ibmcloud iam service-api-key-create ci-key "$SERVICE_ID" --file "$KEYFILE" -d "API key for CI" | awk '/API Key/{print $3}')
[ -n "$SERVICEID_API_KEY" ]
[ "$SERVICEID_API_KEY" = "$(jq -r .apikey "$KEYFILE")" ]
[ "$(stat -c %a "$KEYFILE")" = 600 ]
ibmcloud iam service-api-key-create ci-key-2 "$SERVICE_ID" --description "COS READ WRITE" --file "$KEYFILE" --output json > "$KEYFILE.out"
apikey=$(jq -r .apikey "$KEYFILE")
[ "$apikey" = "$(jq -r .apikey "$KEYFILE.out")" ]
[ "$apikey" != "$SERVICEID_API_KEY" ]
KEY_ID=$(ibmcloud iam service-api-key ci-key "$SERVICE_ID" --uuid)
ibmcloud iam service-api-key-delete "$KEY_ID" "$SERVICE_ID" -f
echo y | ibmcloud iam service-api-key-delete ci-key-2 "$SERVICE_ID"
for id in $(ibmcloud iam service-id ci-app --output json | jq -r '.[].id'); do ibmcloud iam service-id-delete "$id" -f; done
[ "$(ibmcloud iam service-ids --output json)" = "[]" ]
echo done
`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n').pop()).toBe('done');
  });

  it('text parsing: awk \'NR==2\' is OK, awk \'/^ID/{print $2}\' after a create, -q and --uuid for clean captures', async () => {
    const r = await run(`
ibmcloud iam service-id-create cos-writer > "$TMPDIR/cmd_output"
SERVICE_ID=$(cat "$TMPDIR/cmd_output" | awk '/^ID/{ print $2 }')
[ "$(awk 'NR==2' "$TMPDIR/cmd_output")" = OK ]
[ "$(ibmcloud iam service-ids | awk 'NR==2')" = OK ]
[ "$(ibmcloud iam service-ids --uuid)" = "$SERVICE_ID" ]
[ "$(ibmcloud -q iam service-ids --uuid)" = "$SERVICE_ID" ]
[ "$(ibmcloud iam service-ids --output json | jq -r '.[] | select(.name=="cos-writer") | .id')" = "$SERVICE_ID" ]
ibmcloud iam service-api-key-create k cos-writer -q > "$TMPDIR/quiet"
[ "$(head -c 2 "$TMPDIR/quiet")" = ID ]
[ -n "$(awk '/API Key/{print $3}' "$TMPDIR/quiet")" ]
echo done
`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('done');
    // Nothing but the failed checks would have written to stderr; the creates' warning stays off stdout.
    expect(readFileSync(join(r.home, 'cmd_output'), 'utf8')).toMatch(/^Creating service ID cos-writer bound to current account as \S+\.\.\.\nOK\nService ID cos-writer is created successfully\n\nID {12}ServiceId-/);
  });

  it('`2>&1` captures: --output json is the JSON alone, success and a failure after it parse as scripts expect', async () => {
    const r = await run(`
if result=$(ibmcloud iam service-id no-such-id --output json 2>&1); then echo "unexpected: $result"; exit 1; fi
grep -q '^FAILED$' <<< "$result"
out=$(ibmcloud iam service-id-create app --output json 2>&1)
jq -e '.name == "app"' <<< "$out" > /dev/null
out=$(ibmcloud iam service-api-key-create k app --output json 2>&1)
[ "$(jq -r '.apikey | length' <<< "$out")" -ge 32 ]
out=$(ibmcloud --output json iam service-api-keys app 2>&1)
jq -e 'length == 1' <<< "$out" > /dev/null
out=$(ibmcloud iam service-api-key-lock k app -f --output json 2>&1)
[ "$(jq -r .result <<< "$out")" = locked ]
out=$(echo y | ibmcloud iam service-api-key-unlock k app --output json 2>&1)
[ "$(jq -r .result <<< "$out")" = unlocked ]
echo done
`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('done');
  });

  it('set -e stops a script at a changing command on an ambiguous name (exit 6) and at a locked key (exit 5), before any question', async () => {
    const ambiguous = await run(`
ibmcloud iam service-id-create twin -q --output json > /dev/null
ibmcloud iam service-id-create twin -q --output json > /dev/null
ibmcloud iam service-id twin > /dev/null
echo y | ibmcloud iam service-id-delete twin
echo not reached
`);
    expect(ambiguous.code).toBe(6);
    expect(ambiguous.stdout).not.toContain('not reached');
    expect(ambiguous.stderr).toMatch(/^FAILED\nMore than one service ID is named 'twin'/m);
    expect(ambiguous.stderr).not.toContain('[y/N]');

    const locked = await run(`
ibmcloud iam service-id-create app -q --output json > /dev/null
ibmcloud iam service-api-key-create k app --lock -q > /dev/null
echo y | ibmcloud iam service-api-key-delete k app
`);
    expect(locked.code).toBe(5);
    expect(locked.stderr).toContain("API key 'k' of service ID 'app' is locked");
    expect(locked.stderr).not.toContain('[y/N]');
  });
});
