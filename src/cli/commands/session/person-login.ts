// A person's login (ibmcloud's `login --sso` and `-u USER -p PASSWORD`) at a remote IAM: the one-time code got
// from the page IAM's OpenID configuration names, or a password, exchanged at the token endpoint. The code and
// the password are typed at the terminal without echo (or, for -p, given on the command line with a warning);
// they go into the token request only, never into a message, a trace or a file.
import { ApiError, AuthError, isRefusal } from '../../../client/errors.js';
import { passcodeGrant, passcodeUrl, passwordGrant, type SessionTokens } from '../../../client/grants.js';
import type { Transport } from '../../../client/transport.js';
import type { Context } from '../../context.js';
import { usageError } from '../../errors.js';
import { openUrl } from '../../input/open-url.js';
import { askYesDefault, readTerminalLine } from '../../input/terminal-line.js';
import { safeText } from '../../output/safe.js';

/** How a person logs in: a one-time code (--sso, or -u passcode -p CODE), or a user name and password. */
export type PersonLogin = { kind: 'sso' } | { kind: 'password'; user: string; password: string | undefined };

const USE_APIKEY = 'In a script, log in with an API key instead: --apikey @FILE (or set IBMCLOUD_API_KEY).';

/** ibmcloud's words for a federated ID that tried a password (the token endpoint says BXNIM0608E). */
export const FEDERATED = 'BMXLS0202E: You are using a federated user ID, please use one time code to login with option --sso';

/** Whether the person at a terminal can be asked (not with --no-input, nor with stdin a pipe or nothing). */
export const canAsk = (ctx: Context): boolean => ctx.io.stdinIsTTY && ctx.globals.input !== false;

/** Refuses, before any request, a login that would have to ask and cannot (exit 2, naming --apikey). */
export function checkCanAsk(ctx: Context, how: PersonLogin): void {
  if (canAsk(ctx)) return;
  if (how.kind === 'sso') throw usageError(`--sso asks for a one-time code at a terminal, and there is none${ctx.globals.input === false ? ' (--no-input)' : ''}. ${USE_APIKEY}`);
  if (how.password === undefined) throw usageError(`-u without -p asks for the password at a terminal, and there is none${ctx.globals.input === false ? ' (--no-input)' : ''}. ${USE_APIKEY}`);
}

export async function personTokens(ctx: Context, transport: Transport, how: PersonLogin): Promise<SessionTokens> {
  if (how.kind === 'sso') return ssoTokens(ctx, transport);
  const password = how.password ?? await readTerminalLine(ctx.io, 'Password> ', { echo: false });
  if (password === undefined || password === '') throw usageError('No password was given.');
  ctx.ui.progress('Authenticating...');
  // The console's "Log in to CLI" line is `-u passcode -p CODE`: the user name passcode makes -p a one-time code.
  if (how.user.toLowerCase() === 'passcode') return refusedCode(() => passcodeGrant(transport, password));
  try {
    return await passwordGrant(transport, how.user, password);
  } catch (err) {
    if (err instanceof ApiError && isFederated(err)) throw new AuthError(FEDERATED);
    if (isRefusal(err)) {
      throw new AuthError(`IAM refused the user name or password: ${safeText(err.message)}${code(err)}.`);
    }
    throw err;
  }
}

async function ssoTokens(ctx: Context, transport: Transport): Promise<SessionTokens> {
  const url = await passcodeUrl(transport);
  ctx.io.stderr.write(`\nGet One Time Code from ${safeText(url)} to proceed.\n`);
  if (await askYesDefault(ctx.io, 'Open the URL in the default browser?')) {
    if (!(await openUrl(url))) ctx.ui.note('No browser could be started: open the URL yourself.');
  }
  const passcode = await readTerminalLine(ctx.io, 'One Time Code > ', { echo: false });
  if (passcode === undefined || passcode.trim() === '') throw usageError('No one-time code was given.');
  ctx.ui.progress('Authenticating...');
  return refusedCode(() => passcodeGrant(transport, passcode.trim()));
}

async function refusedCode(grant: () => Promise<SessionTokens>): Promise<SessionTokens> {
  try {
    return await grant();
  } catch (err) {
    if (isRefusal(err)) {
      throw new AuthError(`IAM refused the one-time code: ${safeText(err.message)}${code(err)}. A code works once and for a few minutes: get a new one and log in again.`);
    }
    throw err;
  }
}

const code = (err: ApiError): string => (err.messageCode ? ` (${err.messageCode}${err.transactionId ? `, transaction ID ${err.transactionId}` : ''})` : '');

/** IAM's refusal of a password for a federated ID: BXNIM0608E, or IBM's older login server's BMXLS0202E. */
const isFederated = (err: ApiError): boolean =>
  err.messageCode === 'BXNIM0608E' || err.messageCode === 'BMXLS0202E' || /federated/i.test(err.message);
