// `config`: the `ibmcloud config` settings that scripts set before they log in (--check-version=false to stop
// the update prompt, --usage-stats-collect false, --color false, --http-timeout, --locale). iamkeys has no
// update check, collects nothing and reads its per-run settings from the environment, so each is accepted and
// changes nothing; one line on stderr says so.
import { usageError } from '../../errors.js';
import { defineCommand } from '../../spec.js';

const SETTINGS: { key: string; flag: string; description: string }[] = [
  { key: 'checkVersion', flag: '--check-version <true|false>', description: 'No effect: iamkeys has no update check' },
  { key: 'usageStatsCollect', flag: '--usage-stats-collect <true|false>', description: 'No effect: iamkeys collects nothing' },
  { key: 'color', flag: '--color <true|false>', description: 'No effect: use IBMCLOUD_COLOR, NO_COLOR or --no-color' },
  { key: 'httpTimeout', flag: '--http-timeout <SECONDS>', description: 'No effect: use IBMCLOUD_HTTP_TIMEOUT' },
  { key: 'trace', flag: '--trace <true|false|FILE>', description: 'No effect: use IBMCLOUD_TRACE' },
  { key: 'locale', flag: '--locale <LOCALE>', description: 'No effect: iamkeys speaks English' },
  { key: 'ssoType', flag: '--sso-type <TYPE>', description: 'No effect: iamkeys logs in with API keys only' },
  { key: 'list', flag: '--list', description: 'No effect: iamkeys keeps no ibmcloud configuration' },
];

export const config = defineCommand({
  name: 'config',
  summary: "Accept the `ibmcloud config` settings scripts set (--check-version=false...); they change nothing here",
  rootOnly: true,
  args: [],
  options: SETTINGS.map((s) => ({ flags: s.flag, description: s.description })),
  examples: ['iamkeys config --check-version=false', 'iamkeys config --usage-stats-collect false'],
  parse(given) {
    // --color shares its name with the global --no-color, whose default is true: only a string was given here.
    const set = SETTINGS.filter((s) => (s.key === 'color' ? given.str('color') !== undefined : given.given(s.key)));
    if (set.length === 0) throw usageError('Give a setting, e.g. --check-version=false. Run with -h for the list.');
    return { flags: set.map((s) => s.flag.split(' ')[0] ?? s.flag) };
  },
  async run(ctx, { flags }) {
    ctx.ui.warn(`No effect in iamkeys, accepted for ibmcloud scripts: ${flags.join(', ')}.`);
  },
});
