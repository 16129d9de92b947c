import type { Identity } from '../../../client/auth.js';
import { SessionAuthenticator } from '../../../client/session-auth.js';
import { ApiKeyAuthenticator } from '../../../client/token-auth.js';
import type { Context } from '../../context.js';
import { safeText } from '../../output/safe.js';
import type { RemoteSession } from '../../state/settings.js';
import { checkCanAsk, personTokens, type PersonLogin } from './person-login.js';
import { readApiKey } from '../../state/apikey-source.js';
import { openTransport, redirection, tokenCacheFor } from '../../client-factory.js';
import { isCleartextRemote, parseEndpoint, type Endpoint } from '../../input/endpoints.js';
import { usageError } from '../../errors.js';
import { storePath } from '../../state/home.js';
import { clearTokenCache } from '../../state/token-cache.js';
import { defineCommand, type Given } from '../../spec.js';
import { ACCOUNT_OPTION, applyTargetFlags, checkAccountOf, GROUP_OPTION, noteIgnored, readTargetFlags, REGION_OPTION, type TargetFlags } from './target-options.js';
import { showTarget } from './target-view.js';

export const DEFAULT_IAM_ENDPOINT = 'https://iam.cloud.ibm.com';
const DEFAULT_ENDPOINT: Endpoint = { iam: DEFAULT_IAM_ENDPOINT, api: 'https://cloud.ibm.com' };

/** `--local`, or a login with an API key (from --apikey or the environment) or as a person, at an endpoint. */
export type LoginOptions = { local: true } | {
  local: false;
  apikey: string | undefined;
  /** --sso or -u/-p: a person logs in (person-login.ts). */
  person: PersonLogin | undefined;
  /** -a as typed; checked against the recorded endpoint in run, which needs the settings. */
  iamEndpoint: string | undefined;
  insecure: boolean;
  flags: TargetFlags;
  ignored: string[];
};

export function parseLogin(given: Given): LoginOptions {
  if (given.given('crToken') || given.given('profile')) {
    throw usageError('--cr-token and --profile log in a compute resource. iamkeys logs in with an API key (--apikey @FILE, or IBMCLOUD_API_KEY) or as a person (--sso, -u/-p).');
  }
  const apikey = given.str('apikey');
  const sso = given.bool('sso');
  const user = given.str('u');
  const password = given.str('p');
  if (given.bool('local')) {
    if (apikey !== undefined || given.given('iamEndpoint') || sso || user !== undefined) throw usageError('--local takes no --apikey, --iam-endpoint, --sso or -u.');
    return { local: true };
  }
  if (sso && (user !== undefined || password !== undefined)) throw usageError('--sso and -u/-p are two ways to log in: give one.');
  if (password !== undefined && user === undefined) throw usageError('-p needs -u USER (or -u passcode -p CODE, the console\'s one-time code).');
  const person: PersonLogin | undefined = sso ? { kind: 'sso' } : user !== undefined ? { kind: 'password', user, password } : undefined;
  if (person && apikey !== undefined) throw usageError(`--apikey and ${sso ? '--sso' : '-u'} are two ways to log in: give one.`);
  return {
    local: false, apikey, person, iamEndpoint: given.str('iamEndpoint'), insecure: given.bool('insecure'),
    flags: readTargetFlags(given, false), ignored: given.flagsGiven({ vpc: '--vpc', accept: '--accept' }),
  };
}

export const login = defineCommand({
  name: 'login',
  summary: 'Log in to IBM Cloud IAM (or a served local IAM) with an API key or as a person (--sso, -u/-p), or go back to the local IAM',
  rootOnly: true,
  args: [],
  options: [
    { flags: '--apikey <KEY|@FILE>', description: 'The API key, or @FILE holding it (plain text or the JSON --file writes); default: IBMCLOUD_API_KEY' },
    {
      flags: '-a, --iam-endpoint <ENDPOINT>',
      description: 'ibmcloud API endpoint (cloud.ibm.com, private.cloud.ibm.com, test.cloud.ibm.com, api.*.bluemix.net) '
        + `or an IAM URL such as a serve URL (default: the one set by \`api\` or the last login, else ${DEFAULT_IAM_ENDPOINT})`,
    },
    { flags: '--insecure', description: 'Allow an http:// endpoint on another machine (the key then crosses the network in clear text)' },
    REGION_OPTION,
    { flags: '--no-region', description: 'Target no region' },
    GROUP_OPTION,
    ACCOUNT_OPTION,
    { flags: '--no-account', description: 'Target no account' },
    { flags: '--vpc', description: 'Accepted for ibmcloud scripts; no effect (use -a private.cloud.ibm.com)' },
    { flags: '--accept', description: 'Accepted for ibmcloud scripts; no effect' },
    { flags: '--local', description: 'Use the embedded local IAM again' },
    { flags: '--sso', description: 'Log in with a one-time code from the page IAM names (on the local IAM: as its owner, no code)' },
    { flags: '-u <USER>', description: 'User name for a password login (asks for the password on a terminal); `-u passcode -p CODE` takes a one-time code' },
    { flags: '-p <PASSWORD>', description: 'Password (or one-time code with -u passcode); visible in the process list: prefer the prompt' },
    { flags: '--cr-token <TOKEN>', description: 'Refused', hidden: true },
    { flags: '--profile <PROFILE>', description: 'Refused', hidden: true },
  ],
  examples: [
    'iamkeys login --apikey @key.json',
    'iamkeys login -a https://cloud.ibm.com --apikey @key.json -r us-south -g default',
    'iamkeys login --apikey @owner.json -a http://127.0.0.1:8099',
    'IAMKEYS_IAM_ENDPOINT=http://127.0.0.1:8099 iamkeys login --apikey @owner.json   # what a script does, offline',
    'iamkeys login --sso',
    'iamkeys login -a https://cloud.ibm.com -u passcode -p CODE',
    'iamkeys login --local',
  ],
  parse: parseLogin,
  async run(ctx, o) {
    if (o.local) {
      ctx.saveSettings({ mode: 'local' });
      clearTokenCache(ctx.home());
      if (ctx.json) return ctx.ui.json({ endpoint: 'local' });
      return ctx.ui.ok('Commands now go to the embedded local IAM.');
    }
    // Every check that needs no request comes first: bad input stores nothing and sends nothing.
    const { apikey: given, flags } = o;
    // Without -a, the API endpoint recorded by `api` or the last login, as ibmcloud does.
    const recorded = ctx.settings().target?.apiEndpoint;
    const asked = o.iamEndpoint !== undefined
      ? parseEndpoint(o.iamEndpoint, '-a')
      : (recorded !== undefined ? parseEndpoint(recorded, 'The recorded API endpoint') : undefined);
    const redirected = redirection(ctx.io.env);
    if (o.person) return personLogin(ctx, o, o.person, asked, redirected);
    const source = given ?? ctx.io.env['IBMCLOUD_API_KEY'] ?? ctx.io.env['BLUEMIX_API_KEY'];
    if (source === undefined) throw usageError('Give --apikey KEY or --apikey @FILE (or set IBMCLOUD_API_KEY), --sso, or --local.');
    const apikey = readApiKey(source, given !== undefined ? '--apikey' : 'IBMCLOUD_API_KEY');
    if (given !== undefined && !given.startsWith('@')) {
      ctx.ui.caution('The API key on the command line is visible to every user of this machine (ps). --apikey @FILE or IBMCLOUD_API_KEY keeps it out of the process list.');
    }
    if (asked && !redirected && isCleartextRemote(asked.iam) && !o.insecure) {
      throw usageError(`${asked.iam} is plain http on another machine: the API key would cross the network in clear text. Use https://, or give --insecure if you mean it.`);
    }
    noteIgnored(ctx, o.ignored);

    const endpoint: Endpoint = redirected ? { iam: redirected, api: redirected } : (asked ?? DEFAULT_ENDPOINT);
    if (endpoint.iam !== 'local' && isCleartextRemote(endpoint.iam)) {
      ctx.ui.caution(`Sending the API key to ${endpoint.iam} in clear text (plain http to another machine).`);
    }
    const kind = endpoint.iam === 'local' ? 'local' : 'remote';
    ctx.ui.progress(`API endpoint: ${ctx.ui.name(endpoint.api)}${redirected ? ' (IAMKEYS_IAM_ENDPOINT)' : ''}`);
    ctx.ui.progress('Authenticating...');
    const setup = ctx.clientSetup();
    const { transport } = await openTransport({ kind, endpoint: endpoint.iam }, setup);
    try {
      const auth = new ApiKeyAuthenticator(transport, apikey, tokenCacheFor(setup.home, endpoint.iam, apikey));
      const identity = await auth.identity();
      checkAccountOf(flags.accountId ?? undefined, identity);
      loggedIn(ctx, endpoint, kind, { apikey }, flags, identity);
    } finally {
      await transport.close();
    }
  },
});

/** What every login does once it knows who it is: record the session and the target, and show them. */
function loggedIn(ctx: Context, endpoint: Endpoint, kind: 'local' | 'remote', credential: Omit<RemoteSession, 'endpoint'> | undefined,
  flags: TargetFlags, identity: Identity): void {
  // The endpoint is recorded for the next login without -a; the embedded IAM is no endpoint to go back to.
  const choice = applyTargetFlags(kind === 'local' ? {} : { apiEndpoint: endpoint.api }, flags);
  ctx.saveSettings({ mode: kind, ...(credential ? { remote: { endpoint: endpoint.iam, ...credential } } : {}), target: choice });
  if (!credential) clearTokenCache(ctx.home());
  if (!ctx.json) {
    ctx.ui.ok();
    ctx.ui.say('');
    ctx.ui.say(`Targeted account ${ctx.ui.name(identity.accountId)}`);
    if (choice.resourceGroup !== undefined) ctx.ui.say(`\nTargeted resource group ${ctx.ui.name(choice.resourceGroup)}`);
    if (choice.region !== undefined) ctx.ui.say(`\nTargeted region ${ctx.ui.name(choice.region)}`);
  }
  showTarget(ctx, {
    apiEndpoint: endpoint.api, iamEndpoint: endpoint.iam, choice, identity,
    ...(kind === 'local' ? { localStore: storePath(ctx.home()) } : {}),
  });
}

/**
 * --sso and -u/-p. On the local IAM (IAMKEYS_IAM_ENDPOINT=local, or no endpoint given or recorded while commands
 * go to the embedded IAM) the person at the keyboard owns the store, so they are its owner: no code, no password
 * (the local IAM keeps none), one line on stderr saying so. Elsewhere, the real flow (person-login.ts).
 */
async function personLogin(ctx: Context, o: Extract<LoginOptions, { local: false }>, how: PersonLogin,
  asked: Endpoint | undefined, redirected: string | undefined): Promise<void> {
  const toLocal = redirected === 'local' || (redirected === undefined && asked === undefined && ctx.settings().mode === 'local');
  const endpoint: Endpoint = toLocal ? { iam: 'local', api: 'local' } : redirected ? { iam: redirected, api: redirected } : (asked ?? DEFAULT_ENDPOINT);
  const what = how.kind === 'sso' ? 'one-time code' : how.user.toLowerCase() === 'passcode' ? 'one-time code' : 'password';
  if (how.kind === 'password' && how.password !== undefined && !toLocal) {
    ctx.ui.caution(`The ${what} on the command line is visible to every user of this machine (ps). Leave out -p to type it at the prompt.`);
  }
  if (!toLocal) {
    checkCanAsk(ctx, how);
    if (asked && !redirected && isCleartextRemote(asked.iam) && !o.insecure) {
      throw usageError(`${asked.iam} is plain http on another machine: the ${what} would cross the network in clear text. Use https://, or give --insecure if you mean it.`);
    }
  }
  noteIgnored(ctx, o.ignored);
  ctx.ui.progress(`API endpoint: ${ctx.ui.name(endpoint.api)}${redirected ? ' (IAMKEYS_IAM_ENDPOINT)' : ''}`);
  const setup = ctx.clientSetup();
  const { transport, owner } = await openTransport({ kind: toLocal ? 'local' : 'remote', endpoint: endpoint.iam }, setup);
  try {
    if (toLocal) {
      const identity = await owner!.identity();
      checkAccountOf(o.flags.accountId ?? undefined, identity);
      const flag = how.kind === 'sso' ? '--sso' : '-u/-p';
      ctx.ui.note(`${flag} on the local IAM: you own its store, so you are logged in as its account owner ${safeText(identity.display)}${how.kind === 'sso' ? ' (no one-time code is needed)' : ' (it keeps no passwords; -u and -p are not checked)'}.`);
      return loggedIn(ctx, endpoint, 'local', undefined, o.flags, identity);
    }
    const tokens = await personTokens(ctx, transport, how);
    const identity = await new SessionAuthenticator(transport, tokens, () => {}).identity();
    checkAccountOf(o.flags.accountId ?? undefined, identity);
    loggedIn(ctx, endpoint, 'remote', { tokens }, o.flags, identity);
  } finally {
    await transport.close();
  }
}
