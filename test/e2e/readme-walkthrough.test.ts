// The README, run as a reader runs it: every ```sh block in order, right after the set-up line's commands, with
// the installed binary (bin/iamkeys.js on PATH as `iamkeys`), on a fresh IAMKEYS_HOME, a fresh HOME and a
// working folder of its own. Each command's exit code and `# prints` are checked (test/helpers/readme-blocks.ts
// has the conventions). The README's port 8099 becomes a free one, so a server the machine runs is not met.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockScript, readmeBlocks } from '../helpers/readme-blocks.js';
import { BIN, ROOT, iamkeysBinDir } from '../helpers/spawn.js';
import { onPath } from '../helpers/needs-tool.js';

const README = join(ROOT, 'README.md');
let root: string;
let env: NodeJS.ProcessEnv;
let port: number;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: p } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return p;
}

function bash(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { cwd: join(root, 'work'), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
    child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Folders under dir (a few levels) holding serve.pid: a server a block started and a failure left running. */
function serverHomes(dir: string, depth = 3): string[] {
  if (depth < 0) return [];
  const found = existsSync(join(dir, 'serve.pid')) ? [dir] : [];
  for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) found.push(...serverHomes(join(dir, e.name), depth - 1));
  return found;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'iamkeys-readme-'));
  for (const d of ['work', 'home', 'iamkeys', 'tmp']) mkdirSync(join(root, d));
  iamkeysBinDir(root);
  port = await freePort();
  env = {
    PATH: `${join(root, 'bin')}:${dirname(process.execPath)}:${process.env['PATH'] ?? ''}`,
    HOME: join(root, 'home'),
    IAMKEYS_HOME: join(root, 'iamkeys'),
    TMPDIR: join(root, 'tmp'),
    LANG: 'C.UTF-8',
    TERM: 'dumb',
  };
});

afterAll(() => {
  for (const home of serverHomes(root)) {
    execFileSync(process.execPath, [BIN, 'serve', '--stop'], { env: { ...env, IAMKEYS_HOME: home }, stdio: 'ignore' });
  }
  rmSync(root, { recursive: true, force: true });
});

describe('the README, block by block, in order', () => {
  const blocks = readmeBlocks(README);

  it('has the blocks a reader meets: the set-up line first, then the ones that run', () => {
    expect(blocks[0]!.kind).toBe('setup');
    expect(blocks.filter((b) => b.kind === 'run').length).toBeGreaterThanOrEqual(8);
  });

  for (const block of blocks) {
    const title = `README.md:${block.line} (${block.kind}) ${block.lines.find((l) => l.text.trim() !== '' && !l.text.startsWith('#'))?.text.slice(0, 60) ?? ''}`;
    if (block.kind === 'skip') continue;
    // A block that pipes into jq, as the README's readers do, needs it: skipped with one line where it is
    // missing (a failure under CI=true, where .ci/run installs it).
    if (block.lines.some((l) => /\bjq\b/.test(l.text)) && !onPath('jq')) {
      if (process.env['CI'] === 'true') it(title, () => { throw new Error('jq is not installed (apt-get install jq); under CI=true that fails.'); });
      else {
        console.warn(`SKIPPED ${title}: jq is not installed (apt-get install jq).`);
        it.skip(`${title} (skipped: jq is not installed: apt-get install jq)`, () => {});
      }
      continue;
    }
    it(title, async () => {
      const r = await bash(blockScript(block).replaceAll('8099', String(port)));
      expect(r.code, `${r.stderr}\n--- stdout:\n${r.stdout}`).toBe(0);
    });
  }
});

describe('the completion install lines of the README', () => {
  const lines = [...readFileSync(README, 'utf8').matchAll(/`([^`]*iamkeys completion (bash|zsh|fish) >[^`]*)`/g)];

  it.each(lines.map((m) => [m[2]!, m[1]!]))('%s: %s works on a fresh HOME', async (_shell, line) => {
    const home = mkdtempSync(join(root, 'tmp', 'home-'));
    const r = await bash(`export HOME=${home}\n${line}`);
    expect(r.code, r.stderr).toBe(0);
    const file = /> (\S+)$/.exec(line)![1]!.replace('~', home);
    expect(readFileSync(file, 'utf8')).toMatch(/iamkeys/);
  });

  it('covers the three shells', () => {
    expect(new Set(lines.map((m) => m[2]))).toEqual(new Set(['bash', 'zsh', 'fish']));
  });
});
