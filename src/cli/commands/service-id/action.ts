// delete, lock and unlock of a service ID: the one action shape (entity-action.ts) on a service ID named by its
// name or UUID.
import { findServiceId, serviceIdNotFound, serviceIdOf } from '../../resolve.js';
import type { Command } from '../../spec.js';
import { entityAction, type ActionOptions, type EntityAction, type EntityKind } from '../entity-action.js';
import { quoted, shown } from '../shared.js';

export type ServiceIdAction = EntityAction;

/** The service ID's name or UUID, as typed. */
const SERVICE_ID: EntityKind<string> = {
  args: [{ syntax: '<SERVICE_ID>', description: 'Name or UUID of the service ID' }],
  parseArgs: (given) => given.arg(0),
  examples: (name) => [`iamkeys ${name} sample-test -f`, `iamkeys ${name} ServiceId-cb258cb9-8de3-4ac0-9aec-b2b2d27ac976`],
  progress: (ctx, arg, w) => `service ID ${shown(ctx, arg)} as ${w.user}`,
  subject: (arg) => `service ID ${quoted(arg)}`,
  okSubject: (ctx, arg) => `Service ID ${shown(ctx, arg)}`,
  // Lock and unlock of a UUID need no read: one request, as IAM's own.
  resolve: async (client, accountId, arg, readLock) => (readLock
    ? (await findServiceId(client, accountId, arg)).value
    : { id: await serviceIdOf(client, accountId, arg), locked: false }),
  notFound: (arg) => serviceIdNotFound(arg),
  unlock: (id) => `iamkeys service-id-unlock ${id}`,
  show: (id) => `iamkeys service-id ${id}`,
};

export function serviceIdAction(a: ServiceIdAction): Command<ActionOptions<string>> {
  return entityAction(SERVICE_ID, a);
}
