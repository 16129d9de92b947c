// The token grants a person logs in with (ibmcloud's `login --sso`, `-u/-p`), and the refresh of the session
// they open: requests to IAM's token endpoint, as ibmcloud sends them (form body, Basic `bx:bx`), and IAM's
// OpenID configuration, where the one-time-code page is named. The answers' secrets (passcode, password,
// tokens) go nowhere but the request body and the caller; traces mask them (trace.ts).
import { NetworkError, toApiError } from './errors.js';
import { tokenAnswer } from './token-auth.js';
import type { Transport } from './transport.js';

export const PASSCODE_GRANT = 'urn:ibm:params:oauth:grant-type:passcode';
const BX_CLIENT = `Basic ${Buffer.from('bx:bx').toString('base64')}`;

/** An access token with what a session needs to go on after it expires (IAM's refresh token, if it gave one). */
export interface SessionTokens {
  accessToken: string;
  refreshToken?: string;
}

/** The URL of the page that hands out one-time codes (`passcode_endpoint` of IAM's OpenID configuration). */
export async function passcodeUrl(transport: Transport): Promise<string> {
  const res = await transport.request({
    method: 'GET', path: '/identity/.well-known/openid-configuration', headers: { accept: 'application/json' }, idempotent: true,
  });
  if (res.status >= 400) throw toApiError(res);
  let url: unknown;
  try {
    url = (JSON.parse(res.body) as { passcode_endpoint?: unknown }).passcode_endpoint;
  } catch {
    url = undefined;
  }
  if (typeof url !== 'string' || !/^https?:\/\/[^\s]+$/.test(url)) {
    throw new NetworkError('IAM\'s OpenID configuration names no one-time code page (passcode_endpoint).');
  }
  return url;
}

/** A token grant; IAM's refusal is an ApiError carrying its code (BXNIM...), for the caller to word. */
export async function requestTokens(transport: Transport, form: Record<string, string>): Promise<SessionTokens> {
  const res = await transport.request({
    method: 'POST', path: '/identity/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', authorization: BX_CLIENT },
    body: new URLSearchParams({ ...form, response_type: 'cloud_iam' }).toString(),
    // A one-time code is spent by the first try: a grant is never sent twice.
    idempotent: false,
  });
  if (res.status >= 400) throw toApiError(res);
  const { body, accessToken } = tokenAnswer(res);
  // IAM's own answer without a refresh token says `not_supported` (the local IAM does too).
  const refresh = typeof body.refresh_token === 'string' && body.refresh_token !== '' && body.refresh_token !== 'not_supported'
    ? body.refresh_token : undefined;
  return { accessToken, ...(refresh ? { refreshToken: refresh } : {}) };
}

export const passcodeGrant = (t: Transport, passcode: string): Promise<SessionTokens> =>
  requestTokens(t, { grant_type: PASSCODE_GRANT, passcode });

export const passwordGrant = (t: Transport, username: string, password: string): Promise<SessionTokens> =>
  requestTokens(t, { grant_type: 'password', username, password });

export const refreshGrant = (t: Transport, refreshToken: string): Promise<SessionTokens> =>
  requestTokens(t, { grant_type: 'refresh_token', refresh_token: refreshToken });
