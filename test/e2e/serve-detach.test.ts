// `serve --detach` returns once the server answers and --apikey-file is written, so a script can use both on
// the next line; `serve --stop` ends it. And a port already taken is said in words, with what to do.
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempHome } from '../helpers/run-cli.js';
import { runBin } from '../helpers/spawn.js';

const homes: string[] = [];
afterEach(async () => {
  // A server a failed test left running is stopped, and its home removed.
  for (const home of homes.splice(0)) {
    await runBin(['serve', '--stop'], { home });
    rmSync(home, { recursive: true, force: true });
  }
});

function home(): string {
  const h = tempHome();
  homes.push(h);
  return h;
}

/** Whether pid runs (a zombie left for a parent that does not reap, as PID 1 in some containers, does not). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function tokenStatus(url: string, apikey: string): Promise<number> {
  const res = await fetch(`${url}/identity/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'urn:ibm:params:oauth:grant-type:apikey', apikey }),
  });
  await res.text();
  return res.status;
}

describe('serve --detach / --stop', () => {
  it('returns with the URL once the server answers and the key file is written; --stop ends it', async () => {
    const h = home();
    const keyFile = join(h, 'owner.json');
    const r = await runBin(['serve', '--detach', '--port', '0', '--memory', '--apikey-file', keyFile], { home: h });
    expect(r.code, r.stderr).toBe(0);
    const url = r.stdout.trim();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(r.stderr).toMatch(/^Serving in the background \(pid \d+, log .*serve\.log\)\. Stop it with 'iamkeys serve --stop'\.\n$/);
    // At once, no waiting: the key file is there and the server answers with it.
    const { apikey } = JSON.parse(readFileSync(keyFile, 'utf8')) as { apikey: string };
    expect(await tokenStatus(url, apikey)).toBe(200);
    expect(statSync(join(h, 'serve.pid')).mode & 0o777).toBe(0o600);
    const { pid } = JSON.parse(readFileSync(join(h, 'serve.pid'), 'utf8')) as { pid: number };

    // One detached server a home: a second is refused and names the first.
    const again = await runBin(['serve', '--detach', '--port', '0', '--memory'], { home: h });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`A server started with --detach is running at ${url} (pid ${pid}). Stop it first with 'iamkeys serve --stop'.`);

    const stopped = await runBin(['serve', '--stop'], { home: h });
    expect(stopped).toMatchObject({ code: 0, stdout: `Stopping the server at ${url} (pid ${pid})...\nOK\n` });
    expect(alive(pid)).toBe(false);
    await expect(fetch(url)).rejects.toThrow();
    expect(existsSync(join(h, 'serve.pid'))).toBe(false);
    // Stopping when nothing runs is not an error (a script's clean-up step may run twice).
    expect(await runBin(['serve', '--stop'], { home: h })).toMatchObject({ code: 0, stdout: 'OK\nNo server started with --detach is running.\n' });
  });

  it('a port in use: in words, with what to do, from serve and from serve --detach (exit 1)', async () => {
    const first = home();
    // --output json: the URL and pid as one document, nothing else.
    const started = await runBin(['serve', '--detach', '--port', '0', '--memory', '--output', 'json'], { home: first });
    expect(started.stderr).toBe('');
    const { url, pid } = JSON.parse(started.stdout) as { url: string; pid: number };
    expect(alive(pid)).toBe(true);
    const port = url.split(':').pop()!;
    const said = `FAILED\nCannot listen on 127.0.0.1:${port}: port ${port} is in use. Stop the other server, or pass --port (0 picks a free one).\n`;
    const foreground = await runBin(['serve', '--port', port, '--memory'], { home: home() });
    expect(foreground).toMatchObject({ code: 1, stdout: '', stderr: said });
    const second = home();
    const detached = await runBin(['serve', '--detach', '--port', port, '--memory'], { home: second });
    expect(detached).toMatchObject({ code: 1, stdout: '', stderr: said });
    expect(existsSync(join(second, 'serve.pid'))).toBe(false);
  });
});
