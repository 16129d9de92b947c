import { resolveTarget } from '../../client-factory.js';
import { sameEndpoint } from '../../input/endpoints.js';
import { storePath } from '../../state/home.js';
import { defineCommand } from '../../spec.js';
import { ACCOUNT_OPTION, applyTargetFlags, checkAccountOf, GROUP_OPTION, noteIgnored, readTargetFlags, REGION_OPTION } from './target-options.js';
import { showTarget } from './target-view.js';

export const target = defineCommand({
  name: 'target',
  summary: 'Show or set the targeted region and resource group; show where commands go, the account and the identity',
  rootOnly: true,
  args: [],
  options: [
    REGION_OPTION,
    { flags: '--unset-region', description: 'Target no region' },
    GROUP_OPTION,
    { flags: '--unset-resource-group', description: 'Target no resource group' },
    ACCOUNT_OPTION,
    { flags: '--cf', description: 'Accepted for ibmcloud scripts; no effect (no Cloud Foundry here)' },
    { flags: '--cf-api <ENDPOINT>', description: 'Accepted for ibmcloud scripts; no effect' },
    { flags: '-s <SPACE>', description: 'Accepted for ibmcloud scripts; no effect' },
  ],
  examples: ['iamkeys target', 'iamkeys target -r us-south -g default', 'iamkeys target --output json | jq -r .user.user_email'],
  parse: (given) => ({
    flags: readTargetFlags(given, given.bool('unsetResourceGroup')),
    ignored: given.flagsGiven({ cf: '--cf', cfApi: '--cf-api', s: '-s' }),
  }),
  async run(ctx, { flags, ignored }) {
    noteIgnored(ctx, ignored);
    const setup = ctx.clientSetup();
    const t = resolveTarget(setup);
    const identity = await ctx.identity();
    checkAccountOf(flags.accountId ?? undefined, identity);
    const settings = ctx.settings();
    let choice = settings.target ?? {};
    if (flags.region !== undefined || flags.resourceGroup !== undefined) {
      choice = applyTargetFlags(choice, flags);
      ctx.saveSettings({ ...settings, target: choice });
      if (!ctx.json) {
        if (flags.region) ctx.ui.say(`Switched to region ${ctx.ui.name(flags.region)}`);
        if (flags.region === null) ctx.ui.say('No region is targeted.');
        if (flags.resourceGroup) ctx.ui.say(`Targeted resource group ${ctx.ui.name(flags.resourceGroup)}`);
        if (flags.resourceGroup === null) ctx.ui.say('No resource group is targeted.');
      }
    }
    // The recorded API endpoint belongs to the session; redirected elsewhere, the IAM in use is what is shown.
    const session = settings.remote;
    const recorded = session && sameEndpoint(session.endpoint, t.endpoint) ? choice.apiEndpoint : undefined;
    showTarget(ctx, {
      apiEndpoint: recorded ?? t.endpoint, iamEndpoint: t.endpoint, choice, identity,
      ...(t.kind === 'local' ? { localStore: storePath(setup.home ?? ctx.home()) } : {}),
    });
  },
});
