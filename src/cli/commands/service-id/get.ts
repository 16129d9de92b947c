import { serviceIdMatches } from '../../resolve.js';
import { serviceIdRows } from '../../output/entities.js';
import { defineCommand } from '../../spec.js';
import { begin, shown } from '../shared.js';

// As ibmcloud: every service ID with that name is shown, and the JSON is an array (by UUID too), which scripts
// read with `jq -r '.[0].id'`.
export const serviceIdGet = defineCommand({
  name: 'service-id',
  summary: 'Display the details of a service ID (every one with that name)',
  args: [{ syntax: '<SERVICE_ID>', description: 'Name or UUID of the service ID' }],
  options: [{ flags: '--uuid', description: 'Display the UUID of the service ID only' }],
  examples: ['iamkeys service-id sample-test', 'iamkeys service-id ServiceId-cb258cb9-8de3-4ac0-9aec-b2b2d27ac976',
    "iamkeys service-id sample-test --output json | jq -r '.[0].id'"],
  parse: (given) => ({ arg: given.arg(0), uuid: given.bool('uuid') }),
  async run(ctx, { arg, uuid }) {
    const { client, accountId } = await begin(ctx, (w) => (uuid ? undefined : `Getting service ID ${shown(ctx, arg)} as ${w.user}...`));
    const found = await serviceIdMatches(client, accountId, arg);
    if (uuid) return ctx.json ? ctx.ui.json(found.map((s) => s.id)) : ctx.ui.ids(found.map((s) => s.id));
    if (ctx.json) return ctx.ui.json(found);
    ctx.ui.ok();
    found.forEach((sid, i) => {
      if (i === 0) ctx.ui.say('');
      else ctx.ui.data('\n'); // -q too: matches stay apart
      ctx.ui.details(serviceIdRows(sid));
    });
  },
});
