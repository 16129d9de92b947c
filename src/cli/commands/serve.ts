// `iamkeys serve`: the local IAM over HTTP for IBM's SDKs and for `iamkeys login --iam-endpoint`.
// It prints its base URL on stdout (one line), talks on stderr, and stops cleanly on SIGINT/SIGTERM; --detach
// runs it in the background once it answers, --stop ends that one.
import { usageError } from '../errors.js';
import { defineCommand } from '../spec.js';

export interface ServeOptions {
  host: string;
  port: number;
  /** The store file to serve; undefined: the one in IAMKEYS_HOME. */
  store: string | undefined;
  memory: boolean;
  tokenTtl: number;
  apikeyFile: string | undefined;
  /** The fault spec as typed; parsed by the emulator's fault module, loaded only when serve runs. */
  faults: string | undefined;
}

function parsePort(v: string | undefined): number {
  if (v === undefined) return 8099;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw usageError(`--port must be a whole number from 0 to 65535, not '${v}'.`);
  return n;
}

export const serve = defineCommand({
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
    { flags: '--detach', description: 'Serve in the background: return once it answers (and --apikey-file is written), printing its URL' },
    { flags: '--stop', description: 'Stop the server --detach started' },
  ],
  examples: ['iamkeys serve --port 0 --memory --apikey-file owner.json', 'iamkeys serve --detach --memory --apikey-file owner.json', 'iamkeys serve --stop', 'IAM_IDENTITY_URL=http://127.0.0.1:8099 IAM_IDENTITY_AUTH_URL=http://127.0.0.1:8099 node app.js'],
  parse(given): ServeOptions & { mode: 'foreground' | 'detach' | 'stop' } {
    if (given.bool('detach') && given.bool('stop')) throw usageError('Give --detach or --stop, not both.');
    const mode = given.bool('stop') ? 'stop' : given.bool('detach') ? 'detach' : 'foreground';
    const port = parsePort(given.str('port'));
    const host = given.str('host') ?? '127.0.0.1';
    const memory = given.bool('memory');
    if (memory && given.given('store')) throw usageError('Give --store or --memory, not both.');
    const tokenTtl = Number(given.str('tokenTtl'));
    if (!Number.isInteger(tokenTtl) || tokenTtl < 5 || tokenTtl > 86_400) throw usageError('--token-ttl must be a whole number of seconds from 5 to 86400.');
    return { mode, host, port, store: given.str('store'), memory, tokenTtl, apikeyFile: given.str('apikeyFile'), faults: given.str('faults') };
  },
  async run(ctx, o) {
    if (o.mode === 'foreground') {
      const { runServe } = await import('./serve-run.js');
      return runServe(ctx, o);
    }
    const { detach, stop } = await import('./serve-detach.js');
    return o.mode === 'stop' ? stop(ctx) : detach(ctx, o);
  },
});
