// `api`: ibmcloud's way to set the API endpoint before `login` (scripts run `ibmcloud api --unset`, then
// `ibmcloud api https://cloud.ibm.com`, then `ibmcloud login --apikey ...`). The endpoint is recorded and the
// next `login` without -a uses it. A session at another IAM ends: its key is only for its own endpoint.
import { sameEndpoint, parseEndpoint } from '../../input/endpoints.js';
import { clearTokenCache } from '../../state/token-cache.js';
import { defineCommand } from '../../spec.js';
import { noteIgnored } from './target-options.js';

export const api = defineCommand({
  name: 'api',
  summary: 'Set (or show, or --unset) the API endpoint the next login uses, as `ibmcloud api` does',
  rootOnly: true,
  args: [{ syntax: '[ENDPOINT]', description: 'cloud.ibm.com, private.cloud.ibm.com, test.cloud.ibm.com, or an IAM URL such as a serve URL' }],
  options: [
    { flags: '--unset', description: 'Forget the recorded API endpoint' },
    { flags: '--vpc', description: 'Accepted for ibmcloud scripts; no effect (use private.cloud.ibm.com)' },
    { flags: '--skip-ssl-validation', description: 'Accepted for ibmcloud scripts; no effect (TLS is always verified)' },
  ],
  examples: ['iamkeys api https://cloud.ibm.com', 'iamkeys api --unset'],
  parse: (given) => ({
    endpoint: given.optionalArg(0),
    unset: given.bool('unset'),
    ignored: given.flagsGiven({ vpc: '--vpc', skipSslValidation: '--skip-ssl-validation' }),
  }),
  async run(ctx, { endpoint: raw, unset, ignored }) {
    const settings = ctx.settings();
    const target = { ...(settings.target ?? {}) };
    if (unset) {
      delete target.apiEndpoint;
      ctx.saveSettings({ ...settings, target });
      return ctx.ui.ok('API endpoint is not set. The next login without -a goes to https://cloud.ibm.com.');
    }
    if (raw === undefined) {
      if (ctx.json) return ctx.ui.json({ api_endpoint: target.apiEndpoint ?? '' });
      ctx.ui.data(`API endpoint: ${target.apiEndpoint ?? 'not set (login goes to https://cloud.ibm.com)'}\n`);
      return;
    }
    const endpoint = parseEndpoint(raw, 'API endpoint');
    noteIgnored(ctx, ignored);
    ctx.ui.progress(`Setting API endpoint to ${ctx.ui.name(endpoint.api)}...`);
    const session = settings.remote;
    const keep = session !== undefined && sameEndpoint(session.endpoint, endpoint.iam);
    if (keep) {
      ctx.saveSettings({ ...settings, target: { ...target, apiEndpoint: endpoint.api } });
    } else {
      ctx.saveSettings({ mode: 'local', target: { apiEndpoint: endpoint.api } });
      if (session) clearTokenCache(ctx.home());
    }
    ctx.ui.ok();
    ctx.ui.say(`API endpoint: ${ctx.ui.name(endpoint.api)}${keep ? '' : '\nNot logged in. Use \'iamkeys login\' to log in.'}`);
  },
});
