// `iamkeys serve`: the local IAM over HTTP for IBM's SDKs and for `iamkeys login --iam-endpoint`.
// It prints its base URL on stdout (one line), talks on stderr, and stops cleanly on SIGINT/SIGTERM.
import type { CommandSpec } from '../spec.js';

export const serve: CommandSpec = {
  name: 'serve',
  summary: 'Serve the local IAM over HTTP, for IBM SDKs and iamkeys login',
  rootOnly: true,
  args: [],
  options: [
    { flags: '--host <HOST>', description: 'Address to listen on', defaultValue: '127.0.0.1' },
    { flags: '--port <PORT>', description: 'Port to listen on; 0 picks a free one', defaultValue: '8099' },
    { flags: '--store <PATH>', description: 'Store file to serve (default: the one in IAMKEYS_HOME)' },
    { flags: '--memory', description: 'Serve an empty store kept in memory' },
    { flags: '--apikey-file <FILE>', description: "Write an API key of the account's owner to FILE (0600)" },
    { flags: '--token-ttl <SECONDS>', description: 'Lifetime of issued access tokens', defaultValue: '3600' },
    { flags: '--faults <SPEC>', description: 'For tests: inject faults, e.g. latency=200,status=503:0.3,reset=0.1 (off by default)' },
  ],
  examples: ['iamkeys serve --port 0 --memory --apikey-file owner.json', 'IAM_IDENTITY_URL=http://127.0.0.1:8099 IAM_IDENTITY_AUTH_URL=http://127.0.0.1:8099 node app.js'],
  async run(ctx, _args, opts) {
    const { runServe } = await import('./serve-run.js');
    await runServe(ctx, opts);
  },
};
