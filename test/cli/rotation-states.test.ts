// service-api-key-rotate run again: after a rotation (refused, or the successor rotated with the same validity),
// on a disabled key, and in each state a killed run can leave (README "What a killed rotation leaves"), made here
// with ordinary commands, on both transports. The audit right after a rotation passes the gate.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/cli/keys/audit.js';
import type { Transport } from '../../src/client/transport.js';
import { parseIamTime } from '../../src/wire/time.js';
import { expectFailed, parseJson, type ApiKey } from '../helpers/cli.js';
import { openWorld, type TransportName, type World } from './lifecycle-world.js';

const DAY = 86_400_000;

interface Rotated {
  new: ApiKey | null;
  old: ApiKey;
}

describe.each<TransportName>(['local', 'serve'])('rotation run again (%s)', (transport) => {
  let w: World;
  let sid: string;

  const create = async (name: string, extra: string[] = []): Promise<ApiKey> =>
    parseJson<ApiKey>((await w.ok(['service-api-key-create', name, sid, ...extra, '-o', 'json'])).stdout);
  const keys = async (): Promise<ApiKey[]> => parseJson<ApiKey[]>((await w.ok(['service-api-keys', sid, '-o', 'json'])).stdout);
  const named = async (name: string): Promise<ApiKey[]> => (await keys()).filter((k) => k.name === name);
  const rotate = async (key: string, extra: string[] = []): Promise<Rotated> =>
    parseJson<Rotated>((await w.ok(['service-api-key-rotate', key, sid, ...extra, '-o', 'json'])).stdout);
  const works = async (apikey: string): Promise<boolean> => (await w.token(apikey)).status === 200;
  /** A key made by hand as a killed rotation would have made it: same name, the successor's mark. */
  const orphanOf = (old: ApiKey): Promise<ApiKey> => create(old.name, ['-d', `${old.description ?? ''} [iamkeys: successor of ${old.id} at ${old.entity_tag}]`.trim()]);
  const mark = (id: string, description: string): Promise<unknown> => w.ok(['service-api-key-update', id, sid, '-d', description, '-f']);

  beforeAll(async () => {
    w = await openWorld(transport);
    sid = parseJson<{ id: string }>((await w.ok(['service-id-create', `again-${transport}`, '-o', 'json'])).stdout).id;
  });
  afterAll(async () => {
    await w?.close();
  });

  it('a key in its grace period is not rotated again: exit 5 naming its successor, nothing created; its successor gets the full validity', async () => {
    const old = await create('monthly', ['--expires-in', '30d']);
    const first = await rotate(old.id);
    const before = await keys();
    const again = await w.run(['service-api-key-rotate', old.id, sid, '-o', 'json']);
    expectFailed(again, 5, new RegExp(`was already rotated \\(it keeps working until \\S+\\)\\. Its successor is ${first.new!.id}: rotate that one with 'iamkeys service-api-key-rotate ${first.new!.id} ${sid}'\\. Nothing was created\\.`));
    expect(await keys()).toEqual(before);
    // By name, the successor is the key meant, and its successor lives 30 days again.
    const second = await rotate('monthly');
    expect(second.old.id).toBe(first.new!.id);
    const life = parseIamTime(second.new!.expires_at!)! - Date.now();
    expect(Math.abs(life - 30 * DAY)).toBeLessThanOrEqual(2 * 60_000);
    // The marks tell the keys apart in the details and in --activity.
    expect((await w.ok(['service-api-key', old.id, sid])).stdout).toMatch(new RegExp(`^Rotation\\s+retiring \\(expire\\), rotated to ${first.new!.id}$`, 'm'));
    const rows = (await w.ok(['service-api-keys', sid, '--activity'])).stdout.split('\n');
    expect(rows.find((l) => l.startsWith(first.new!.id))).toMatch(new RegExp(`\\s${second.new!.expires_at === undefined ? '' : '\\S+'}\\s+retiring \\(expire\\), rotated to ${second.new!.id}$`));
    expect(rows.find((l) => l.startsWith(second.new!.id))).toMatch(/\s-$/);
    // A successor whose rotation did not finish is not rotated itself: its predecessor's rotation is run again.
    const orphan = await orphanOf(second.new!);
    expectFailed(await w.run(['service-api-key-rotate', orphan.id, sid]), 5,
      new RegExp(`is a successor whose rotation did not finish .*'iamkeys service-api-key-rotate ${second.new!.id} ${sid}'\\. Nothing was created\\.`));
    await w.ok(['service-api-key-delete', orphan.id, sid, '-f']);
  });

  it('a description with no room left for the mark is refused before anything is created', async () => {
    const k = await create('wordy', ['-d', 'x'.repeat(1000)]);
    const before = await keys();
    expectFailed(await w.run(['service-api-key-rotate', k.id, sid]), 5, /has a description too long to hold the rotation's mark; shorten it to 888 characters first\. Nothing was created\./);
    expect(await keys()).toEqual(before);
  });

  it('a --file that cannot be written after the rotation was won: the successor is deleted and the old key unmarked', async () => {
    const k = await create('unsaved', ['-d', 'mine']);
    const file = join(w.home, 'unsaved.json');
    // Once the rotation is won, the file's name becomes a folder, so the rename onto it fails.
    const blockFile = (real: Transport): Transport => ({
      endpoint: real.endpoint,
      async request(req) {
        const res = await real.request(req);
        if (req.method === 'PUT' && req.path.startsWith(`/v1/apikeys/${k.id}`)) mkdirSync(file, { recursive: true });
        return res;
      },
      close: () => real.close(),
    });
    const r = await w.run(['service-api-key-rotate', 'unsaved', sid, '--file', file], { wrapTransport: blockFile });
    expectFailed(r, 1, /could not be saved to .* The key was deleted again, so no key exists whose secret is lost\./);
    const left = await named('unsaved');
    expect(left.map((x) => x.id)).toEqual([k.id]);
    expect(left[0]!.description).toBe('mine');
    expect(readdirSync(w.home).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('a disabled key is not rotated, once or twice: exit 5, no key created', async () => {
    const k = await create('off');
    await w.ok(['service-api-key-disable', k.id, sid, '-f']);
    const before = await keys();
    for (let i = 0; i < 2; i++) expectFailed(await w.run(['service-api-key-rotate', k.id, sid, '--retire', 'disable', '-f']), 5, /is disabled, so it gets no token and is not rotated\. Nothing was created\./);
    expect(await keys()).toEqual(before);
  });

  it('killed after the successor was made: the rerun by name rotates, deletes the unfinished successor and the leftover temp file', async () => {
    const old = await create('orph', ['-d', 'deploy']);
    const orphan = await orphanOf(old);
    const file = join(w.home, 'orph.json');
    const tmp = join(w.home, '.orph.json.0123456789ab.tmp');
    writeFileSync(tmp, '{"apikey":"lost"}', { mode: 0o600 });
    const r = await w.ok(['service-api-key-rotate', 'orph', sid, '--file', file]);
    expect(r.stdout).toContain(`Deleted the unfinished successor ${orphan.id}`);
    expect(r.stdout).toContain(`Removed leftover temporary file ${tmp}.`);
    expect(readdirSync(w.home).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    const now = await named('orph');
    expect(now.map((k) => k.id)).not.toContain(orphan.id);
    expect(now).toHaveLength(2);
    const successor = now.find((k) => k.id !== old.id)!;
    expect(successor.description).toBe('deploy');
    expect(now.find((k) => k.id === old.id)!.description).toBe(`deploy [iamkeys: rotated to ${successor.id}; retire expire]`);
  });

  it('killed after winning (old key marked rotating): the rerun takes over with a fresh successor and deletes the first', async () => {
    const old = await create('taken');
    const first = await orphanOf(old);
    await mark(old.id, `[iamkeys: rotating to ${first.id}]`);
    const r = await w.ok(['service-api-key-rotate', 'taken', sid, '--retire', 'delete', '-f']);
    expect(r.stdout).toContain(`A rotation of ${old.id} to ${first.id} had not finished; this one takes its place.`);
    const now = await named('taken');
    expect(now).toHaveLength(1);
    expect(now[0]!.id).not.toBe(first.id);
    expect(now[0]!.description ?? '').toBe('');
  });

  it('killed after the old key was marked rotated, before disabling it: the rerun only disables it', async () => {
    const old = await create('half');
    const succ = await orphanOf(old);
    await mark(old.id, `[iamkeys: rotated to ${succ.id}; retire disable]`);
    const r = await rotate('half', ['--retire', 'disable', '-f']);
    expect(r.new).toBeNull();
    expect(r.old).toMatchObject({ id: old.id, disabled: true });
    expect((await named('half')).map((k) => k.id).sort()).toEqual([old.id, succ.id].sort());
    expect(await works(old.apikey)).toBe(false);
    expect(await works(succ.apikey)).toBe(true);
    // The successor was still marked as one: it is handed over too.
    expect((await named('half')).find((k) => k.id === succ.id)!.description ?? '').toBe('');
    // Another mode than the interrupted one is not guessed at.
    const other = await create('half2');
    const s2 = await orphanOf(other);
    await mark(other.id, `[iamkeys: rotated to ${s2.id}; retire delete]`);
    expectFailed(await w.run(['service-api-key-rotate', 'half2', sid, '-f']), 2, new RegExp(`Finish with 'iamkeys service-api-key-delete ${other.id} ${sid} -f'`));
  });

  it('the audit right after a rotation: the retiring key is listed as such and the gate passes', async () => {
    await w.ok(['service-id-create', `audited-${transport}`]);
    await w.ok(['service-api-key-create', 'app-key', `audited-${transport}`]);
    await w.ok(['service-api-key-rotate', 'app-key', `audited-${transport}`, '--grace', '48h']);
    const r = await w.run(['service-api-keys-audit', `audited-${transport}`]);
    expect(r.code, r.stderr).toBe(0);
    const row = r.stdout.split('\n').find((l) => l.includes('expires within 14d'));
    expect(row).toMatch(/retiring \(expire\), rotated to ApiKey-\S+$/);
    expect(r.stdout).toMatch(/No API key needs attention \(2 checked; 1 being retired by a rotation\)\./);
    const j = parseJson<Finding[]>((await w.run(['service-api-keys-audit', `audited-${transport}`, '-o', 'json'])).stdout);
    expect(j).toHaveLength(1);
    expect(j[0]).toMatchObject({ retiring: true, reasons: ['expires within 14d'] });
    // A key that needs attention for itself still fails the gate.
    await w.ok(['service-api-key-create', 'short', `audited-${transport}`, '--expires-in', '2d']);
    const fail = await w.run(['service-api-keys-audit', `audited-${transport}`]);
    expect(fail.code).toBe(8);
    expect(fail.stderr).toMatch(/1 of 3 API keys need attention \(exit 8\); 1 more is being retired by a rotation\./);
  });

  it('--output json never prints the old key\'s secret, even of a key whose value IAM stores', async () => {
    // The key is made with store_value (no flag of ours sets it): the body of the create is given it on its way.
    const storeValue = (real: Transport): Transport => ({
      endpoint: real.endpoint,
      request: (req) => real.request(req.method === 'POST' && req.path === '/v1/apikeys' && req.body
        ? { ...req, body: JSON.stringify({ ...JSON.parse(req.body) as object, store_value: true }) } : req),
      close: () => real.close(),
    });
    const made = await w.run(['service-api-key-create', 'stored', sid, '-o', 'json'], { wrapTransport: storeValue });
    const old = parseJson<ApiKey>(made.stdout);
    expect((await w.ok(['service-api-key', old.id, sid, '-o', 'json'])).stdout).toContain(old.apikey);
    const r = await w.ok(['service-api-key-rotate', old.id, sid, '--file', join(w.home, 'stored.json'), '-o', 'json']);
    expect(r.stdout).not.toContain(old.apikey);
    expect(parseJson<Rotated>(r.stdout).old.apikey).toBe('');
  });
});

describe.each<TransportName>(['local', 'serve'])('rotation facing a hostile IAM (%s)', (transport) => {
  let w: World;
  let sid: string;
  beforeAll(async () => {
    w = await openWorld(transport);
    sid = parseJson<{ id: string }>((await w.ok(['service-id-create', `hostile-${transport}`, '-o', 'json'])).stdout).id;
  });
  afterAll(async () => {
    await w?.close();
  });

  /**
   * An IAM whose key ids hold a window-title OSC, a screen clear, a C1 control and a bidi override: every id it
   * sends is rewritten so, and every id the client sends back is rewritten to the real one underneath.
   */
  const hostileIds = (real: Transport): Transport => {
    const map = new Map<string, string>();
    const hostile = (id: string): string => {
      if (!map.has(id)) map.set(id, `${id}\u001b]0;pwn\u0007\u001b[2J\u0085\u202e`);
      return map.get(id)!;
    };
    const inJson = (s: string): string => JSON.stringify(s).slice(1, -1);
    return {
      endpoint: real.endpoint,
      async request(req) {
        let { path, body } = req;
        for (const [id, h] of map) {
          path = path.split(encodeURIComponent(h)).join(id);
          if (body) body = body.split(inJson(h)).join(id);
        }
        const res = await real.request({ ...req, path, ...(body !== undefined ? { body } : {}) });
        return { ...res, body: res.body.replace(/ApiKey-[0-9a-f-]{36}/g, (id) => inJson(hostile(id))) };
      },
      close: () => real.close(),
    };
  };

  it.each([['expire', []], ['disable', ['-f']], ['delete', ['-f']]] as const)('--retire %s: every id it sent is shown escaped, on stdout and stderr', async (mode, extra) => {
    await w.ok(['service-api-key-create', `h-${mode}`, sid]);
    const r = await w.run(['service-api-key-rotate', `h-${mode}`, sid, '--retire', mode, ...extra], { wrapTransport: hostileIds });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/is created as the successor of ApiKey-\S+\\x1b\]0;pwn\\x07\\x1b\[2J\\x85\\u202e$/m);
    // eslint-disable-next-line no-control-regex
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/[\u001b\u0007\u0085\u202e]/);
    // And a refusal says so escaped too: the old key is disabled now.
    if (mode === 'disable') {
      const id = (await keys()).find((k) => k.name === `h-${mode}` && k.disabled)!.id;
      const again = await w.run(['service-api-key-rotate', id, sid, '-f'], { wrapTransport: hostileIds });
      expect(again.code).toBe(5);
      expect(again.stderr).toMatch(/\(ApiKey-\S+\\x1b\]0;pwn\\x07\\x1b\[2J\\x85\\u202e\) of service ID .* is disabled/);
      // eslint-disable-next-line no-control-regex
      expect(`${again.stdout}${again.stderr}`).not.toMatch(/[\u001b\u0007\u0085\u202e]/);
    }
  });

  const keys = async (): Promise<ApiKey[]> => parseJson<ApiKey[]>((await w.ok(['service-api-keys', sid, '-o', 'json'])).stdout);
});
