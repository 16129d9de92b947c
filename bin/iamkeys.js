#!/usr/bin/env node
// Runs the built CLI. Files it creates are private to the user (0600/0700) whatever the umask.
// Ctrl-C keeps Node's default (the shell sees 130); inquirer and `serve` handle it themselves.
process.umask(0o077);
const { run } = await import('../dist/cli/main.js');
const { processIO } = await import('../dist/cli/io.js');
process.exitCode = await run(process.argv.slice(2), { io: processIO() });
