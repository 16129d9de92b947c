#!/usr/bin/env node
'use strict';
// Runs the CLI. Files it creates are private to the user (0600/0700) whatever the umask.
// Ctrl-C keeps Node's default (the shell sees 130); inquirer and `serve` handle it themselves.
// CommonJS (bin/package.json says so): an ES module entry costs Node's ESM loader at every start.
const fs = require('node:fs');
const { join } = require('node:path');

const BUNDLE_DIR = join(__dirname, '..', 'dist', 'bundle');
// The first line of the bundle, written by scripts/bundle.mjs: the hash that names the caches kept next to it.
const BUNDLE_HEADER = /^\/\/ iamkeys-bundle ([0-9a-f]+)\n/;

const argv = process.argv.slice(2);
let codeCacheWanted = false;
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  // Answered before loading the CLI: scripts call this in loops.
  process.stdout.write(`${JSON.parse(fs.readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version}\n`);
} else {
  process.umask(0o077);
  // A reader that stops early (`| head`) closes the pipe: that ends the output, it is not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err) => { if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0); else throw err; });
  }
  const bundle = join(BUNDLE_DIR, 'iamkeys.cjs');
  const isFresh = fresh(bundle);
  const help = isFresh && argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h') ? helpCache(bundle) : undefined;
  if (help?.text !== undefined) {
    process.stdout.write(help.text);
  } else {
    Promise.resolve(isFresh ? loadBundle(bundle) : import('../dist/cli/entry.js'))
      .then(({ run, processIO }) => {
        const io = processIO();
        if (help) io.stdout = help.recorder(io.stdout);
        return run(argv, { io });
      })
      .then((code) => {
        process.exitCode = code;
        if (help && code === 0) help.save();
        // The code cache holds what this run compiled: made from a command that did its work, not from help.
        codeCacheWanted = code === 0 && !help;
      });
  }
}

/**
 * The bundle (`npm run build`: one file loads faster than the ~70 modules tsc emits), unless a later `tsc` alone
 * has left it behind the sources' build; then the modules tsc emitted are loaded instead.
 */
function fresh(bundle) {
  const mtime = (p) => { try { return fs.statSync(p).mtimeMs; } catch { return -1; } };
  return mtime(bundle) >= mtime(join(__dirname, '..', 'dist', 'cli', 'main.js'));
}

/** The bundle's hash, read from its first line only. */
function bundleHash(file) {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(64);
    const n = fs.readSync(fd, head, 0, 64, 0);
    return BUNDLE_HEADER.exec(head.toString('latin1', 0, n))?.[1];
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes data to file through a temporary name; where that cannot be done (a read-only install), nothing. */
function writeQuietly(file, data) {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch {
    try { fs.unlinkSync(tmp); } catch { /* never written */ }
  }
}

/**
 * `iamkeys --help` prints the same text for one build and one width of the terminal (commander wraps it to a
 * terminal's columns, and to 80 when the output is not a terminal): it is kept next to the bundle once made, so
 * scripts and people who ask for it do not pay for loading the CLI and building its ~40 commands.
 */
function helpCache(bundle) {
  const hash = bundleHash(bundle);
  if (!hash) return undefined;
  const width = process.stdout.isTTY ? process.stdout.columns : 'none';
  const file = join(BUNDLE_DIR, `iamkeys-${hash}-help-${width}.txt`);
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    // not made yet
  }
  const written = [];
  return {
    text,
    recorder: (out) => ({ write: (s) => { written.push(String(s)); return out.write(s); } }),
    save: () => writeQuietly(file, written.join('')),
  };
}

/**
 * Loads the bundle as Node loads a CommonJS file, but compiled with V8's code cache: the bytecode of what the
 * previous runs compiled, kept next to the bundle under the bundle's hash (its first line) and this Node's
 * version. Without it, every start parses and compiles the same ~350 KB again. The cache is written once, at the
 * exit of a command that succeeded (so it holds what a command runs), when it is missing or V8 refused it; where it
 * cannot be written (a read-only install), the bundle runs without one.
 */
function loadBundle(file) {
  const vm = require('node:vm');
  const { createRequire, wrap } = require('node:module');
  const source = fs.readFileSync(file, 'utf8');
  const hash = BUNDLE_HEADER.exec(source)?.[1];
  const cacheFile = hash && join(BUNDLE_DIR, `iamkeys-${hash}-${process.version}-${process.arch}.v8cache`);
  let cachedData;
  try {
    if (cacheFile) cachedData = fs.readFileSync(cacheFile);
  } catch {
    // none yet
  }
  const script = new vm.Script(wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  if (cacheFile && (!cachedData || script.cachedDataRejected)) {
    process.once('exit', () => { if (codeCacheWanted) writeQuietly(cacheFile, script.createCachedData()); });
  }
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, join(file, '..'));
  return module.exports;
}
