import { ApiKeyAuthenticator } from '../../../client/token-auth.js';
import { readApiKey } from '../../apikey-source.js';
import { openTransport } from '../../client-factory.js';
import { usageError } from '../../errors.js';
import { fileTokenCache, clearTokenCache } from '../../token-cache.js';
import { bool, str, type CommandSpec } from '../../spec.js';

export const DEFAULT_IAM_ENDPOINT = 'https://iam.cloud.ibm.com';

export const login: CommandSpec = {
  name: 'login',
  summary: 'Log in to IBM Cloud IAM (or a served local IAM) with an API key, or go back to the local IAM',
  rootOnly: true,
  args: [],
  options: [
    { flags: '--apikey <KEY|@FILE>', description: 'The API key, or @FILE holding it (plain text or the JSON --file writes); default: IBMCLOUD_API_KEY' },
    { flags: '-a, --iam-endpoint <URL>', description: `IAM endpoint (default ${DEFAULT_IAM_ENDPOINT})` },
    { flags: '--local', description: 'Use the embedded local IAM again' },
  ],
  examples: ['iamkeys login --apikey @key.json', 'iamkeys login --apikey @owner.json -a http://127.0.0.1:8099', 'iamkeys login --local'],
  async run(ctx, _args, opts) {
    const local = bool(opts['local']);
    const given = str(opts['apikey']);
    if (local) {
      if (given !== undefined || opts['iamEndpoint'] !== undefined) throw usageError('--local takes no --apikey or --iam-endpoint.');
      ctx.saveSettings({ mode: 'local' });
      clearTokenCache(ctx.home());
      if (ctx.json) return ctx.ui.json({ endpoint: 'local' });
      return ctx.ui.ok('Commands now go to the embedded local IAM.');
    }
    const source = given ?? ctx.io.env['IBMCLOUD_API_KEY'] ?? ctx.io.env['BLUEMIX_API_KEY'];
    if (source === undefined) throw usageError('Give --apikey KEY or --apikey @FILE (or set IBMCLOUD_API_KEY), or --local.');
    const apikey = readApiKey(source, given !== undefined ? '--apikey' : 'IBMCLOUD_API_KEY');
    const endpoint = (str(opts['iamEndpoint']) ?? DEFAULT_IAM_ENDPOINT).replace(/\/+$/, '');
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw usageError(`--iam-endpoint '${endpoint}' is not a URL.`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw usageError(`--iam-endpoint '${endpoint}' is not an http(s) URL.`);
    ctx.ui.progress(`IAM endpoint: ${ctx.ui.name(endpoint)}`);
    ctx.ui.progress('Authenticating...');
    const { transport } = await openTransport({ kind: 'remote', endpoint }, { home: ctx.home(), settings: ctx.settings(), env: ctx.io.env, stderr: ctx.io.stderr });
    try {
      const auth = new ApiKeyAuthenticator(transport, apikey, fileTokenCache(ctx.home(), endpoint, apikey));
      const id = await auth.identity();
      ctx.saveSettings({ mode: 'remote', remote: { endpoint, apikey } });
      if (ctx.json) return ctx.ui.json({ endpoint, account_id: id.accountId, iam_id: id.iamId, user: id.display });
      ctx.ui.ok();
      ctx.ui.say('');
      ctx.ui.details([['Account', id.accountId], ['User', id.display], ['IAM ID', id.iamId]]);
    } finally {
      await transport.close();
    }
  },
};
