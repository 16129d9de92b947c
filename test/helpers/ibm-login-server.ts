// A loopback server on 127.0.0.1:0 that plays IBM Cloud IAM's side of a person's login, as the reference
// describes it: the OpenID configuration naming a one-time-code page, and the token endpoint's passcode, password
// and refresh grants (Basic bx:bx), plus a list of API keys so that a session can be used afterwards. Its
// tokens are unsigned-looking JWTs with IBM's claims (clients only decode them). It records every token request.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GrantSeen {
  form: Record<string, string>;
  authorization: string | undefined;
}

export interface IbmLoginServer {
  url: string;
  /** The page the OpenID configuration names. */
  passcodePage: string;
  grants: GrantSeen[];
  /** Bearer tokens seen on /v1 requests. */
  bearers: string[];
  /** Lifetime of the access tokens it issues from now (seconds); negative: already expired. */
  ttl: number;
  /** Whether it hands out refresh tokens. */
  refresh: boolean;
  close(): Promise<void>;
}

export const GOOD_CODE = 'Kx7pQ2mZt9Ab';
export const PERSON = { iamId: 'IBMid-550000ABCD', account: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', email: 'dana@example.com' };

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

function jwt(ttl: number, n: number): string {
  const now = Math.floor(Date.now() / 1000);
  return `${b64({ alg: 'RS256', kid: '20260101' })}.${b64({
    iam_id: PERSON.iamId, sub: PERSON.email, email: PERSON.email, account: { bss: PERSON.account, valid: true },
    iat: now - 10, exp: now + ttl, n,
  })}.c2lnbmF0dXJl`;
}

const tokenError = (code: string, message: string): string =>
  JSON.stringify({ errorCode: code, errorMessage: message, context: { requestId: 'req-1', requestType: 'incoming.Identity_Token', url: 'https://iam.cloud.ibm.com' } });

export async function startIbmLoginServer(): Promise<IbmLoginServer> {
  let issued = 0;
  const s: Omit<IbmLoginServer, 'url' | 'passcodePage' | 'close'> = { grants: [], bearers: [], ttl: 3600, refresh: true };
  const refreshTokens = new Set<string>();
  const issue = (): string => {
    issued++;
    const refresh = `refresh-${issued}`;
    if (s.refresh) refreshTokens.add(refresh);
    return JSON.stringify({
      access_token: jwt(s.ttl, issued), refresh_token: s.refresh ? refresh : 'not_supported', token_type: 'Bearer',
      expires_in: s.ttl, expiration: Math.floor(Date.now() / 1000) + s.ttl, scope: 'ibm openid',
    });
  };
  let base = '';
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (c: string) => { body += c; }).on('end', () => {
      const path = (req.url ?? '/').split('?')[0];
      const send = (status: number, text: string): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(text);
      };
      if (req.method === 'GET' && path === '/identity/.well-known/openid-configuration') {
        return send(200, JSON.stringify({ issuer: `${base}/identity`, token_endpoint: `${base}/identity/token`, passcode_endpoint: `${base}/identity/passcode` }));
      }
      if (req.method === 'POST' && path === '/identity/token') {
        const form = Object.fromEntries(new URLSearchParams(body));
        s.grants.push({ form, authorization: req.headers.authorization });
        if (req.headers.authorization !== `Basic ${Buffer.from('bx:bx').toString('base64')}`) return send(400, tokenError('BXNIM0308E', 'No client credentials'));
        const grant = form['grant_type'];
        if (grant === 'urn:ibm:params:oauth:grant-type:passcode') {
          return form['passcode'] === GOOD_CODE ? send(200, issue()) : send(400, tokenError('BXNIM0436E', 'Provided passcode is invalid or expired.'));
        }
        if (grant === 'password') {
          if (form['username'] === 'fed@ibm.com') return send(400, tokenError('BXNIM0608E', "Your user id 'fed@ibm.com' is federated and must use an API key or one-time passcode to authenticate"));
          return form['username'] === PERSON.email && form['password'] === 'pa55word' ? send(200, issue()) : send(400, tokenError('BXNIM0602E', 'The credentials you entered for the user are incorrect'));
        }
        if (grant === 'refresh_token') {
          const r = form['refresh_token'] ?? '';
          if (!refreshTokens.delete(r)) return send(400, tokenError('BXNIM0408E', 'The refresh token has expired.'));
          return send(200, issue());
        }
        return send(400, tokenError('BXNIM0106E', 'grant_type not valid'));
      }
      if (req.method === 'GET' && path === '/v1/apikeys') {
        s.bearers.push(req.headers.authorization ?? '');
        return send(200, JSON.stringify({ offset: 0, limit: 100, apikeys: [] }));
      }
      send(404, JSON.stringify({ errors: [{ code: 'not_found', message_code: 'BXNIM0102E', message: 'Unable to find object' }], status_code: 404 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(s, {
    url: base,
    passcodePage: `${base}/identity/passcode`,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  }) as IbmLoginServer;
}

/** An access token of PERSON that expired a minute ago (to stand in for a session's token once it ran out). */
export const expiredToken = (): string => jwt(-60, 0);
