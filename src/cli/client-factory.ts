// The one place that knows there are two transports: it builds the IAM client for where commands go.
//   - the embedded local IAM (the default): the in-process transport over the store in IAMKEYS_HOME;
//   - a remote IAM (after `iamkeys login`, or IAMKEYS_IAM_ENDPOINT): undici, loaded only then.
// Who the client acts as: the API key in IBMCLOUD_API_KEY if set, else the session's key (only at the endpoint
// it was stored for); in local mode with neither, the local account's owner.
import type { Authenticator } from '../client/auth.js';
import { DryRunTransport } from '../client/dry-run.js';
import { AuthError } from '../client/errors.js';
import { IamClient } from '../client/iam-client.js';
import { inProcessIam } from '../client/in-process.js';
import type { SessionTokens } from '../client/grants.js';
import { SessionAuthenticator } from '../client/session-auth.js';
import { ApiKeyAuthenticator, type TokenCache } from '../client/token-auth.js';
import { TraceFileError, traceSink, type TraceSink } from '../client/trace.js';
import type { Transport } from '../client/transport.js';
import { readApiKey } from './state/apikey-source.js';
import { parseEndpoint, sameEndpoint } from './input/endpoints.js';
import { CliError, usageError } from './errors.js';
import { Exit } from './exit-codes.js';
import { storePath } from './state/home.js';
import type { OutStream } from './input/io.js';
import type { Settings } from './state/settings.js';
import { fileTokenCache } from './state/token-cache.js';

export const DEFAULT_TIMEOUT_S = 60;

/** Sits between the client and the real transport: tests answer some requests with canned IAM answers. */
export type TransportWrapper = (real: Transport) => Transport;

export interface ClientSetup {
  /** undefined: no usable home (read-only or missing) for a command that needs none; tokens are then not cached. */
  home: string | undefined;
  settings: Settings;
  env: Record<string, string | undefined>;
  stderr: OutStream;
  wrapTransport?: TransportWrapper;
  /** Reads go through; the first change stops the command (DryRunStop) instead of being sent. */
  dryRun?: boolean;
  /** Keeps the renewed tokens of a session a person opened (login --sso, -u/-p). */
  keepSessionTokens?: (t: SessionTokens) => void;
}

export interface Target {
  kind: 'local' | 'remote';
  endpoint: string;
  /** Where the key comes from, if one is used. */
  apikey?: string;
  /** The tokens of a session a person opened, when no key is used. */
  tokens?: SessionTokens;
  /** The endpoint of a stored session whose key is not used here, because it belongs to that endpoint only. */
  sessionElsewhere?: string;
}

/** IAMKEYS_IAM_ENDPOINT: `local`, or an endpoint as `login -a` takes it; every command goes there. */
export function redirection(env: Record<string, string | undefined>): string | undefined {
  const v = env['IAMKEYS_IAM_ENDPOINT'];
  if (v === undefined || v === '') return undefined;
  return v.trim() === 'local' ? 'local' : parseEndpoint(v, 'IAMKEYS_IAM_ENDPOINT').iam;
}

/** A command that needs no stored state: a key in the environment and a remote IAM named there. */
export function isStateless(env: Record<string, string | undefined>): boolean {
  const key = env['IBMCLOUD_API_KEY'] || env['BLUEMIX_API_KEY'];
  const to = env['IAMKEYS_IAM_ENDPOINT'];
  return Boolean(key) && Boolean(to) && to!.trim() !== 'local';
}

/**
 * Where commands go and with which key, from the settings and the environment. A stored session's key goes only
 * to the endpoint it was stored for: redirected elsewhere, it is not sent at all.
 */
export function resolveTarget(s: ClientSetup): Target {
  const envKey = s.env['IBMCLOUD_API_KEY'] || s.env['BLUEMIX_API_KEY'];
  const fromEnv = envKey ? readApiKey(envKey, 'IBMCLOUD_API_KEY') : undefined;
  const session = s.settings.remote;
  const endpoint = redirection(s.env) ?? (s.settings.mode === 'local' || !session ? 'local' : session.endpoint.replace(/\/+$/, ''));
  const kind = endpoint === 'local' ? 'local' : 'remote';
  const own = session && sameEndpoint(session.endpoint, endpoint) ? session : undefined;
  const apikey = fromEnv ?? own?.apikey;
  const tokens = !apikey ? own?.tokens : undefined;
  return {
    kind, endpoint,
    ...(apikey ? { apikey } : {}),
    ...(tokens ? { tokens } : {}),
    ...(session && !own && !fromEnv ? { sessionElsewhere: session.endpoint } : {}),
  };
}

const NO_CACHE: TokenCache = { get: () => undefined, set: () => {} };

export function tokenCacheFor(home: string | undefined, endpoint: string, apikey: string): TokenCache {
  return home === undefined ? NO_CACHE : fileTokenCache(home, endpoint, apikey);
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
    if (s.home === undefined) throw new CliError(Exit.failure, 'The local IAM needs the iamkeys home folder, and it cannot be used.');
    const local = inProcessIam(storePath(s.home), s.dryRun ? { asIs: true } : {});
    return { transport: local.transport, owner: local.owner };
  }
  const { HttpTransport } = await import('../client/http-transport.js');
  let trace: TraceSink | undefined;
  try {
    trace = traceSink(s.env['IBMCLOUD_TRACE'], s.stderr);
  } catch (err) {
    if (err instanceof TraceFileError) throw new CliError(Exit.failure, err.message);
    throw err;
  }
  return { transport: new HttpTransport(target.endpoint, { timeoutMs: httpTimeoutMs(s.env), ...(trace ? { trace } : {}) }) };
}

export async function buildClient(s: ClientSetup): Promise<IamClient> {
  const target = resolveTarget(s);
  const opened = await openTransport(target, s);
  const transport = s.wrapTransport ? s.wrapTransport(opened.transport) : opened.transport;
  const { owner } = opened;
  let auth: Authenticator;
  if (target.apikey) {
    const cache = tokenCacheFor(s.home, target.endpoint, target.apikey);
    // A dry run writes nothing: a cached token is used, a new one is not kept.
    auth = new ApiKeyAuthenticator(transport, target.apikey, s.dryRun ? { get: () => cache.get(), set: () => {} } : cache);
  } else if (target.tokens) {
    // Likewise a person's renewed session is not kept by a dry run.
    auth = new SessionAuthenticator(transport, target.tokens, s.dryRun ? () => {} : (s.keepSessionTokens ?? (() => {})));
  } else if (owner) {
    auth = owner;
  } else {
    await transport.close();
    const elsewhere = target.sessionElsewhere
      ? ` The stored session is for ${target.sessionElsewhere}, and its API key is only ever sent there.`
      : '';
    throw new AuthError(`Not logged in to ${target.endpoint}.${elsewhere} Log in with 'iamkeys login --apikey @FILE', or set IBMCLOUD_API_KEY.`);
  }
  // Tokens are fetched on the bare transport: getting one changes nothing at IAM.
  return new IamClient(s.dryRun ? new DryRunTransport(transport) : transport, auth);
}
