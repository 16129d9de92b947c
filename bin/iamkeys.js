#!/usr/bin/env node
'use strict';
// Runs the CLI. Files it creates are private to the user (0600/0700) whatever the umask.
// Ctrl-C keeps Node's default (the shell sees 130); inquirer and `serve` handle it themselves.
// CommonJS (bin/package.json says so): an ES module entry costs Node's ESM loader at every start.
const { readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  // Answered before loading the CLI: scripts call this in loops.
  process.stdout.write(`${JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version}\n`);
} else {
  process.umask(0o077);
  // A reader that stops early (`| head`) closes the pipe: that ends the output, it is not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err) => { if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0); else throw err; });
  }
  const bundle = join(__dirname, '..', 'dist', 'bundle', 'iamkeys.cjs');
  const cli = fresh(bundle) ? loadBundle(bundle) : import('../dist/cli/entry.js');
  Promise.resolve(cli)
    .then(({ run, processIO }) => run(argv, { io: processIO() }))
    .then((code) => { process.exitCode = code; });
}

/**
 * The bundle (`npm run build`: one file loads faster than the ~70 modules tsc emits), unless a later `tsc` alone
 * has left it behind the sources' build; then the modules tsc emitted are loaded instead.
 */
function fresh(bundle) {
  const mtime = (p) => { try { return statSync(p).mtimeMs; } catch { return -1; } };
  return mtime(bundle) >= mtime(join(__dirname, '..', 'dist', 'cli', 'main.js'));
}

/**
 * Loads the bundle as Node loads a CommonJS file, but compiled with V8's code cache: the bytecode of what the
 * previous runs compiled, kept next to the bundle under the bundle's hash (its first line) and this Node's
 * version. Without it, every start parses and compiles the same ~300 KB again. The cache is written once, at exit
 * (so it holds what the command ran), when it is missing or V8 refused it; where it cannot be written (a read-only
 * install), the bundle runs without one.
 */
function loadBundle(file) {
  const vm = require('node:vm');
  const { createRequire, wrap } = require('node:module');
  const source = readFileSync(file, 'utf8');
  const hash = /^\/\/ iamkeys-bundle ([0-9a-f]+)\n/.exec(source)?.[1];
  const cacheFile = hash && join(__dirname, '..', 'dist', 'bundle', `iamkeys-${hash}-${process.version}-${process.arch}.v8cache`);
  let cachedData;
  try {
    if (cacheFile) cachedData = readFileSync(cacheFile);
  } catch {
    // none yet
  }
  const script = new vm.Script(wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  if (cacheFile && (!cachedData || script.cachedDataRejected)) {
    process.once('exit', () => {
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      try {
        require('node:fs').writeFileSync(tmp, script.createCachedData());
        require('node:fs').renameSync(tmp, cacheFile);
      } catch {
        try { require('node:fs').unlinkSync(tmp); } catch { /* never written */ }
      }
    });
  }
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, join(file, '..'));
  return module.exports;
}
