#!/usr/bin/env node
// Runs the CLI. Files it creates are private to the user (0600/0700) whatever the umask.
// Ctrl-C keeps Node's default (the shell sees 130); inquirer and `serve` handle it themselves.
import { readFileSync, statSync } from 'node:fs';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  // Answered before loading the CLI: scripts call this in loops.
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  process.umask(0o077);
  // A reader that stops early (`| head`) closes the pipe: that ends the output, it is not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err) => { if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0); else throw err; });
  }
  const { run, processIO } = await import(entry());
  process.exitCode = await run(argv, { io: processIO() });
}

/**
 * The bundle (`npm run build`: one file loads faster than the ~70 modules tsc emits), unless a later
 * `tsc` alone has left it behind the sources' build; then the modules tsc emitted.
 */
function entry() {
  const mtime = (rel) => { try { return statSync(new URL(rel, import.meta.url)).mtimeMs; } catch { return -1; } };
  return mtime('../dist/bundle/iamkeys.js') >= mtime('../dist/cli/main.js') ? '../dist/bundle/iamkeys.js' : '../dist/cli/entry.js';
}
