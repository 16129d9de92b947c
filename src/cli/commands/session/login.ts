import { ApiKeyAuthenticator } from '../../../client/token-auth.js';
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

const PERSON_ONLY = "iamkeys logs in with an API key only: give --apikey @FILE (or set IBMCLOUD_API_KEY).";

/** `--local`, or a login with an API key (from --apikey or the environment) at an endpoint. */
export type LoginOptions = { local: true } | {
  local: false;
  apikey: string | undefined;
  /** -a as typed; checked against the recorded endpoint in run, which needs the settings. */
  iamEndpoint: string | undefined;
  insecure: boolean;
  flags: TargetFlags;
  ignored: string[];
};

export function parseLogin(given: Given): LoginOptions {
  if (given.bool('sso')) throw usageError(`--sso needs a person and a browser. ${PERSON_ONLY}`);
  if (given.given('u') || given.given('p')) throw usageError(`-u and -p log in a person with a password. ${PERSON_ONLY}`);
  if (given.given('crToken') || given.given('profile')) throw usageError(`--cr-token and --profile log in a compute resource. ${PERSON_ONLY}`);
  const apikey = given.str('apikey');
  if (given.bool('local')) {
    if (apikey !== undefined || given.given('iamEndpoint')) throw usageError('--local takes no --apikey or --iam-endpoint.');
    return { local: true };
  }
  return {
    local: false, apikey, iamEndpoint: given.str('iamEndpoint'), insecure: given.bool('insecure'),
    flags: readTargetFlags(given, false), ignored: given.flagsGiven({ vpc: '--vpc', accept: '--accept' }),
  };
}

export const login = defineCommand({
  name: 'login',
  summary: 'Log in to IBM Cloud IAM (or a served local IAM) with an API key, or go back to the local IAM',
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
    { flags: '--sso', description: 'Refused: needs a browser', hidden: true },
    { flags: '-u <USER>', description: 'Refused: needs a person', hidden: true },
    { flags: '-p <PASSWORD>', description: 'Refused: needs a person', hidden: true },
    { flags: '--cr-token <TOKEN>', description: 'Refused', hidden: true },
    { flags: '--profile <PROFILE>', description: 'Refused', hidden: true },
  ],
  examples: [
    'iamkeys login --apikey @key.json',
    'iamkeys login -a https://cloud.ibm.com --apikey @key.json -r us-south -g default',
    'iamkeys login --apikey @owner.json -a http://127.0.0.1:8099',
    'IAMKEYS_IAM_ENDPOINT=http://127.0.0.1:8099 iamkeys login --apikey @owner.json   # what a script does, offline',
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
    const source = given ?? ctx.io.env['IBMCLOUD_API_KEY'] ?? ctx.io.env['BLUEMIX_API_KEY'];
    if (source === undefined) throw usageError('Give --apikey KEY or --apikey @FILE (or set IBMCLOUD_API_KEY), or --local.');
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
      // The endpoint is recorded for the next login without -a; the embedded IAM is no endpoint to go back to.
      const choice = applyTargetFlags(kind === 'local' ? {} : { apiEndpoint: endpoint.api }, flags);
      ctx.saveSettings({ mode: kind, remote: { endpoint: endpoint.iam, apikey }, target: choice });
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
    } finally {
      await transport.close();
    }
  },
});
