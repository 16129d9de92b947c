// The one place that knows there are two transports: it builds the IAM client for where commands go.
//   - the embedded local IAM (the default): the in-process transport over the store in IAMKEYS_HOME;
//   - a remote IAM (after `iamkeys login`, or IAMKEYS_IAM_ENDPOINT): undici, loaded only then.
// Who the client acts as: the API key in IBMCLOUD_API_KEY if set, else the session's key; in local mode with
// neither, the local account's owner.
import type { Authenticator } from '../client/auth.js';
import { DryRunTransport } from '../client/dry-run.js';
import { AuthError } from '../client/errors.js';
import { IamClient } from '../client/iam-client.js';
import { openLocalIam } from '../client/in-process.js';
import { ApiKeyAuthenticator } from '../client/token-auth.js';
import { traceSink } from '../client/trace.js';
import type { Transport } from '../client/transport.js';
import { StoreError } from '../emulator/store.js';
import { readApiKey } from './apikey-source.js';
import { CliError, usageError } from './errors.js';
import { Exit } from './exit-codes.js';
import { storePath } from './home.js';
import type { OutStream } from './io.js';
import type { Settings } from './settings.js';
import { fileTokenCache } from './token-cache.js';

export const DEFAULT_TIMEOUT_S = 60;

export interface ClientSetup {
  home: string;
  settings: Settings;
  env: Record<string, string | undefined>;
  stderr: OutStream;
  /** Reads go through; the first change stops the command (DryRunStop) instead of being sent. */
  dryRun?: boolean;
}

export interface Target {
  kind: 'local' | 'remote';
  endpoint: string;
  /** Where the key comes from, if one is used. */
  apikey?: string;
}

/** Where commands go and with which key, from the settings and the environment. */
export function resolveTarget(s: ClientSetup): Target {
  const envKey = s.env['IBMCLOUD_API_KEY'] || s.env['BLUEMIX_API_KEY'];
  const fromEnv = envKey ? readApiKey(envKey, 'IBMCLOUD_API_KEY') : undefined;
  const envEndpoint = s.env['IAMKEYS_IAM_ENDPOINT'];
  const local = envEndpoint === 'local' || (!envEndpoint && s.settings.mode === 'local');
  if (local) return { kind: 'local', endpoint: 'local', ...(fromEnv ? { apikey: fromEnv } : {}) };
  const apikey = fromEnv ?? s.settings.remote?.apikey;
  const endpoint = (envEndpoint || s.settings.remote!.endpoint).replace(/\/+$/, '');
  return { kind: 'remote', endpoint, ...(apikey ? { apikey } : {}) };
}

export function httpTimeoutMs(env: Record<string, string | undefined>): number {
  const raw = env['IBMCLOUD_HTTP_TIMEOUT'];
  if (raw === undefined || raw === '') return DEFAULT_TIMEOUT_S * 1000;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw usageError(`IBMCLOUD_HTTP_TIMEOUT must be a positive number of seconds, not '${raw}'.`);
  return n * 1000;
}

export async function openTransport(target: Target, s: ClientSetup): Promise<{ transport: Transport; owner?: Authenticator }> {
  if (target.kind === 'local') {
    try {
      const local = openLocalIam(storePath(s.home));
      return { transport: local.transport, owner: local.owner };
    } catch (err) {
      if (err instanceof StoreError) {
        throw new CliError(Exit.failure, `${err.message}. If the file is damaged, move it aside (a new, empty store is made on the next command) or restore it from a backup.`);
      }
      throw err;
    }
  }
  const { HttpTransport } = await import('../client/http-transport.js');
  const trace = traceSink(s.env['IBMCLOUD_TRACE'], s.stderr);
  return { transport: new HttpTransport(target.endpoint, { timeoutMs: httpTimeoutMs(s.env), ...(trace ? { trace } : {}) }) };
}

export async function buildClient(s: ClientSetup): Promise<IamClient> {
  const target = resolveTarget(s);
  const { transport, owner } = await openTransport(target, s);
  let auth: Authenticator;
  if (target.apikey) {
    auth = new ApiKeyAuthenticator(transport, target.apikey, fileTokenCache(s.home, target.endpoint, target.apikey));
  } else if (owner) {
    auth = owner;
  } else {
    await transport.close();
    throw new AuthError(`Not logged in to ${target.endpoint}. Log in with 'iamkeys login --apikey @FILE', or set IBMCLOUD_API_KEY.`);
  }
  // Tokens are fetched on the bare transport: getting one changes nothing at IAM.
  return new IamClient(s.dryRun ? new DryRunTransport(transport) : transport, auth);
}
