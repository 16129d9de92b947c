// Bundles the CLI into dist/bundle/ as CommonJS, one file on the hot path:
//   iamkeys.cjs   the CLI with commander, chalk and better-sqlite3's JavaScript (its native addon stays a file);
//                 its first line carries a hash of the rest, which names bin/iamkeys.js's V8 code cache for it;
//   undici.cjs    the HTTP client, required only by commands that go to a remote IAM;
//   inquirer.cjs  the TTY prompts, required only when a question is shown on a terminal.
// CommonJS, not ESM: an ES module costs resolution, linking and URL handling at every start, and only a classic
// script can be compiled with V8's code cache on Node 20.
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const COMMON = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
};

rmSync('dist/bundle', { recursive: true, force: true });

// The two packages loaded on demand, each made one file; the CLI requires them by these names.
const VENDOR = { undici: './undici.cjs', inquirer: './inquirer.cjs' };
await build({ ...COMMON, stdin: { contents: "module.exports = require('undici');", resolveDir: '.', loader: 'js' }, outfile: 'dist/bundle/undici.cjs' });
await build({ ...COMMON, stdin: { contents: "module.exports = require('inquirer').default;", resolveDir: '.', loader: 'js' }, outfile: 'dist/bundle/inquirer.cjs' });

const vendor = {
  name: 'vendor',
  setup(b) {
    b.onResolve({ filter: /^(undici|inquirer)$/ }, (args) => ({ path: VENDOR[args.path], external: true }));
  },
};

// Builtins that cost a few milliseconds to load and that many runs never use, required on first use instead:
// child_process (commander's, for executable subcommands, which iamkeys has none of, and completion's background
// refresh; it brings net and dgram),
// crypto (~15 internal modules; `--help` or a command that fails its arguments needs none) and tty (it brings
// net; chalk asks it whether fds 1 and 2 are terminals, which process.stdout and process.stderr already tell, as
// Node made them with the same test). Each name the sources import becomes a function that loads the builtin
// when first called; an import of another name fails the build.
const LAZY = {
  'node:child_process': { names: ['spawn'] },
  'node:crypto': { names: ['createHash', 'createHmac', 'randomBytes', 'randomUUID', 'timingSafeEqual'] },
  'node:tty': {
    names: [],
    extra: `export function isatty(fd) {
      if (fd === 1) return process.stdout.isTTY === true;
      if (fd === 2) return process.stderr.isTTY === true;
      return load().isatty(fd);
    }
    export default { isatty };`,
  },
};
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    b.onResolve({ filter: /^node:(child_process|crypto|tty)$/ }, (args) => (args.namespace === 'lazy'
      ? { path: args.path, external: true }
      : { path: args.path, namespace: 'lazy' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => {
      const lazy = LAZY[args.path];
      const load = `let m; const load = () => (m ??= require(${JSON.stringify(args.path)}));`;
      return { contents: [load, ...lazy.names.map((n) => `export function ${n}(...a) { return load().${n}(...a); }`), lazy.extra ?? ''].join('\n'), loader: 'js' };
    });
  },
};

await build({
  ...COMMON,
  entryPoints: ['src/cli/entry.ts'],
  outfile: 'dist/bundle/iamkeys.cjs',
  // `bindings` is better-sqlite3's search for its addon, used only when the addon is not where npm builds it.
  external: ['bindings'],
  // import() of a chunk becomes require(): code compiled by vm.Script has no ESM loader behind it.
  supported: { 'dynamic-import': false },
  // Sources find package.json, the console's files and better-sqlite3 relative to their own file.
  define: { 'import.meta.url': '__iamkeysBundleUrl' },
  plugins: [vendor, lazyBuiltins],
});
// Strict, as the ES modules it is made of were.
const code = `'use strict';\nvar __iamkeysBundleUrl = require('node:url').pathToFileURL(__filename).href;\n${readFileSync('dist/bundle/iamkeys.cjs', 'utf8')}`;
const hash = createHash('sha256').update(code).digest('hex').slice(0, 32);
writeFileSync('dist/bundle/iamkeys.cjs', `// iamkeys-bundle ${hash}\n${code}`);
// The code cache bin/iamkeys.js writes next to the bundle is made on the user's machine: never packed.
writeFileSync('dist/bundle/.npmignore', '*.v8cache\n*-help-*.txt\n*.tmp\n');

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
