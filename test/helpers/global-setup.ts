// Builds dist/ once before the tests when it is missing or older than src/, so that the tests that spawn
// bin/iamkeys.js run the code under test (`npm test` builds first anyway).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function newest(dir: string, ext: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p, ext));
    else if (e.name.endsWith(ext)) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

/**
 * Every temporary folder of the run (each mkdtemp under os.tmpdir(), the homes of the children) is made in one
 * folder, removed when the run ends: TMPDIR points there for the test workers, which are started after this.
 * The teardown then checks that nothing named iamkeys-* was left in the real temporary folder by something that
 * ignored TMPDIR: a failure under CI=true, a warning elsewhere (other runs on a shared machine make such folders
 * too).
 */
function isolateTemp(): () => void {
  const real = tmpdir();
  // Another run's own folder (iamkeys-run-*, a test run beside this one) is not something these tests left.
  const ours = (): Set<string> => new Set(readdirSync(real).filter((n) => n.startsWith('iamkeys-') && !n.startsWith('iamkeys-run-')));
  const before = ours();
  const runDir = mkdtempSync(join(real, 'iamkeys-run-'));
  process.env['TMPDIR'] = runDir;
  return () => {
    rmSync(runDir, { recursive: true, force: true });
    process.env['TMPDIR'] = real;
    const left = [...ours()].filter((n) => !before.has(n));
    if (left.length === 0) return;
    const message = `The tests left ${left.length} folder(s) in ${real}: ${left.slice(0, 5).join(', ')}${left.length > 5 ? ', ...' : ''}`;
    if (process.env['CI'] === 'true') throw new Error(message);
    console.warn(`WARNING: ${message} (or another run on this machine did).`);
  };
}

export default function setup(): () => void {
  const teardown = isolateTemp();
  try {
    build();
  } catch (err) {
    teardown();
    throw err;
  }
  return teardown;
}

function build(): void {
  // tsc writes every output on each build, so the entry point's time is the build's time; the bundle is made
  // after it, from the same sources.
  const mtime = (...p: string[]): number => {
    try {
      return statSync(join(ROOT, ...p)).mtimeMs;
    } catch {
      return 0; // not built yet
    }
  };
  const built = Math.min(mtime('dist', 'cli', 'main.js'), mtime('dist', 'bundle', 'iamkeys.cjs'));
  const inputs = Math.max(newest(join(ROOT, 'src'), '.ts'), statSync(join(ROOT, 'tsconfig.json')).mtimeMs);
  if (built >= inputs) return;
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.json')], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8',
    });
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`The TypeScript build failed, so the tests that spawn bin/iamkeys.js cannot run:\n${e.stdout ?? ''}${e.stderr ?? e.message}`);
  }
}
