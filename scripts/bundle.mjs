// Bundles the CLI into dist/bundle/: one ESM file for start-up (module resolution of ~60 small files costs more
// than running them), with what only some commands need (undici for the network, inquirer for TTY prompts)
// split into chunks loaded on demand. better-sqlite3 stays external: it is a native addon.
import { copyFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { build } from 'esbuild';

// Node builtins are loaded with require(), not `import`: an ESM import of a builtin makes Node build an ES module
// facade over all its exports, ~1.5 ms each at start-up, for the half-dozen the CLI uses.
const BUILTIN = new RegExp(`^(node:)?(${builtinModules.map((m) => m.replace(/[/]/g, '\\/')).join('|')})$`);
const builtinsViaRequire = {
  name: 'builtins-via-require',
  setup(b) {
    // The import becomes a tiny CommonJS module whose own require() of the builtin stays external.
    b.onResolve({ filter: BUILTIN }, (args) => (args.namespace === 'builtin'
      ? { path: args.path, external: true }
      : { path: args.path, namespace: 'builtin' }));
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
  },
};

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
  plugins: [builtinsViaRequire],
});

// The console that `iamkeys serve` answers at `/`: one script for the browser, its page and its style, all served
// from the package (no CDN), under a CSP that allows this origin only.
rmSync('dist/console', { recursive: true, force: true });
await build({
  entryPoints: { app: 'src/console/main.ts' },
  outdir: 'dist/console',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
for (const f of ['index.html', 'console.css']) copyFileSync(`src/console/${f}`, `dist/console/${f}`);
