// Bundles the CLI into dist/bundle/: one ESM file for start-up (module resolution of ~60 small files costs more
// than running them), with what only some commands need (undici for the network, inquirer for TTY prompts)
// split into chunks loaded on demand. better-sqlite3 stays external: it is a native addon.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry a hash: old ones would pile up.
rmSync('dist/bundle', { recursive: true, force: true });

await build({
  entryPoints: { iamkeys: 'src/cli/entry.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3'],
  // CommonJS dependencies (commander) call require(); ESM output needs a real one.
  banner: { js: "import { createRequire as __iamkeysCreateRequire } from 'node:module'; const require = __iamkeysCreateRequire(import.meta.url);" },
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'none',
  logLevel: 'warning',
});
