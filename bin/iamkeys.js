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
// The first words of a code cache file's first line (see readCodeCache).
const CODE_CACHE_MAGIC = 'iamkeys-v8cache 1';

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
 * version. Without it, every start parses and compiles the same ~450 KB again. The cache is written once, at the
 * exit of a command that succeeded (so it holds what a command runs), when it is missing, unsound or V8 refused
 * it; where it cannot be written (a read-only install), the bundle runs without one.
 */
function loadBundle(file) {
  const vm = require('node:vm');
  const { createRequire, wrap } = require('node:module');
  // The bytes and the identity of one open file, so that what is compiled is what the cache is checked against.
  const fd = fs.openSync(file, 'r');
  let bytes;
  let stat;
  try {
    stat = fs.fstatSync(fd, { bigint: true });
    bytes = fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  const source = bytes.toString('utf8');
  const header = BUNDLE_HEADER.exec(source);
  const hash = header?.[1];
  const cacheFile = hash && join(BUNDLE_DIR, `iamkeys-${hash}-${process.version}-${process.arch}.v8cache`);
  const bundle = { binding: bindingOf(stat), digest: undefined };
  // The hash of the bundle's code (all but its first line), computed only where it is needed.
  const digestOf = () => (bundle.digest ??= sha256(bytes.subarray(Buffer.byteLength(header[0]))));
  const cached = cacheFile ? readCodeCache(cacheFile, bundle.binding, digestOf) : undefined;
  const script = new vm.Script(wrap(source), { filename: file, ...(cached ? { cachedData: cached.data } : {}) });
  if (cacheFile && (!cached || cached.rebind || script.cachedDataRejected)) {
    process.once('exit', () => {
      // A cache is made only for a bundle whose code is the one its first line names.
      if (codeCacheWanted && digestOf().startsWith(hash)) writeCodeCache(cacheFile, script.createCachedData(), bundle.binding, digestOf());
    });
  }
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, join(file, '..'));
  return module.exports;
}

// The code cache file: one line `iamkeys-v8cache 1 CACHE-SHA256 BUNDLE-SHA256 BINDING`, then V8's bytes. V8
// checks only the source's length against its cache, and damaged bytes make it abort the process, so the cache
// is used only when its bytes have the hash written with them, and when it was made from this very bundle file:
// the same device, inode, size, modification and change time (BINDING: no hashing of the bundle at each start),
// or, for a bundle copied or touched since, the same code by hash (then the cache is written again, bound anew).
function sha256(data) {
  return require('node:crypto').createHash('sha256').update(data).digest('hex');
}

function bindingOf(st) {
  return [st.dev, st.ino, st.size, st.mtimeNs, st.ctimeNs].join(':');
}

/** The cache's bytes if they are sound and made from this bundle (see above), else undefined. */
function readCodeCache(file, binding, digestOf) {
  let data;
  try {
    data = fs.readFileSync(file);
  } catch {
    return undefined; // none yet
  }
  const end = data.indexOf(10);
  if (end < 0 || end > 512) return undefined;
  const [magic, version, cacheHash, bundleDigest, bound] = data.toString('latin1', 0, end).split(' ');
  if (`${magic} ${version}` !== CODE_CACHE_MAGIC) return undefined;
  const rebind = bound !== binding;
  if (rebind && bundleDigest !== digestOf()) return undefined;
  const bytes = data.subarray(end + 1);
  if (sha256(bytes) !== cacheHash) return undefined;
  return { data: bytes, rebind };
}

function writeCodeCache(file, bytes, binding, bundleDigest) {
  writeQuietly(file, Buffer.concat([Buffer.from(`${CODE_CACHE_MAGIC} ${sha256(bytes)} ${bundleDigest} ${binding}\n`, 'latin1'), bytes]));
}
