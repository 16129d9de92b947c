// The one place that knows there are two transports: it builds the IAM client for where commands go.
//   - the embedded local IAM (the default): the in-process transport over the store in IAMKEYS_HOME;
//   - a remote IAM (after `iamkeys login`, or IAMKEYS_IAM_ENDPOINT): undici, loaded only then.
// Who the client acts as: the API key in IBMCLOUD_API_KEY if set, else the session's key; in local mode with
// neither, the local account's owner.
import type { Authenticator } from '../client/auth.js';
import { AuthError } from '../client/errors.js';
import { IamClient } from '../client/iam-client.js';
import { inProcessIam } from '../client/in-process.js';
import { ApiKeyAuthenticator } from '../client/token-auth.js';
import { traceSink } from '../client/trace.js';
import type { Transport } from '../client/transport.js';
import { readApiKey } from './apikey-source.js';
import { usageError } from './errors.js';
import { storePath } from './home.js';
import type { OutStream } from './io.js';
import type { Settings } from './settings.js';
import { fileTokenCache } from './token-cache.js';

export const DEFAULT_TIMEOUT_S = 60;

/** Sits between the client and the real transport: tests answer some requests with canned IAM answers. */
export type TransportWrapper = (real: Transport) => Transport;

export interface ClientSetup {
  home: string;
  settings: Settings;
  env: Record<string, string | undefined>;
  stderr: OutStream;
  wrapTransport?: TransportWrapper;
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
    const local = inProcessIam(storePath(s.home));
    return { transport: local.transport, owner: local.owner };
  }
  const { HttpTransport } = await import('../client/http-transport.js');
  const trace = traceSink(s.env['IBMCLOUD_TRACE'], s.stderr);
  return { transport: new HttpTransport(target.endpoint, { timeoutMs: httpTimeoutMs(s.env), ...(trace ? { trace } : {}) }) };
}

export async function buildClient(s: ClientSetup): Promise<IamClient> {
  const target = resolveTarget(s);
  const opened = await openTransport(target, s);
  const transport = s.wrapTransport ? s.wrapTransport(opened.transport) : opened.transport;
  const { owner } = opened;
  let auth: Authenticator;
  if (target.apikey) {
    auth = new ApiKeyAuthenticator(transport, target.apikey, fileTokenCache(s.home, target.endpoint, target.apikey));
  } else if (owner) {
    auth = owner;
  } else {
    await transport.close();
    throw new AuthError(`Not logged in to ${target.endpoint}. Log in with 'iamkeys login --apikey @FILE', or set IBMCLOUD_API_KEY.`);
  }
  return new IamClient(transport, auth);
}
