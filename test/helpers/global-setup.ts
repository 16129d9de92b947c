// Builds dist/ once before the tests when it is missing or older than src/, so that the tests that spawn
// bin/iamkeys.js run the code under test (`npm test` builds first anyway).
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
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

export default function setup(): void {
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
