import { ApiError } from '../../../client/errors.js';
import type { IamClient } from '../../../client/iam-client.js';
import { isServiceIdId, serviceIdIamId } from '../../../wire/ids.js';
import type { ApiKey } from '../../../wire/types.js';
import { checkDescription, checkName, parseActionIfLeaked, parseExpiry } from '../../input/flags.js';
import { checkKeyFile, saveKeyOrRollBack } from '../../state/key-file.js';
import { orNotFound, serviceIdNotFound, serviceIdOf } from '../../resolve.js';
import { FORCE, defineCommand, type Given, type OptionSpec } from '../../spec.js';
import { begin, showCreatedKey, shown } from '../shared.js';

/** The options of a key's creation, after its argument(s): a service ID's key and a user's alike. */
export const KEY_CREATE_OPTIONS: OptionSpec[] = [
  { flags: '-d, --description <DESCRIPTION>', description: 'Description of the API key' },
  { flags: '--file <FILE>', description: 'Save the API key information to FILE (0600); an existing file is replaced' },
  { flags: '--lock', description: 'Lock the API key when it is created' },
  { flags: '--action-if-leaked <ACTION>', description: 'What IAM does if the key leaks: NONE, DISABLE or DELETE', choices: ['NONE', 'DISABLE', 'DELETE'] },
  { flags: '--expires-at <TIME>', description: 'When the key stops working, e.g. 2027-01-31T18:30+0000' },
  { flags: '--expires-in <DURATION>', description: 'How long the key works: a number and min, h, d or w, e.g. 90d' },
  { ...FORCE, description: 'Accepted for compatibility with ibmcloud; an existing --file is replaced without asking' },
];

/** What those options ask for, checked (exit 2 on a bad value). */
export const keyCreateFlags = (given: Given) => ({
  description: checkDescription(given.str('description'), 'API key'),
  action: parseActionIfLeaked(given.str('actionIfLeaked')),
  expires: parseExpiry(given.str('expiresAt'), given.str('expiresIn'), given.now),
  file: given.str('file'),
  lock: given.bool('lock'),
});

export const apiKeyCreate = defineCommand({
  name: 'service-api-key-create',
  summary: 'Create an API key for a service ID',
  changes: true,
  args: [
    { syntax: '<NAME>', description: 'Name of the API key' },
    { syntax: '<SERVICE_ID>', description: 'Name or UUID of the service ID' },
  ],
  options: KEY_CREATE_OPTIONS,
  examples: ['iamkeys service-api-key-create sample-key sample-service', 'iamkeys service-api-key-create sample-key sample-service --file key.json --expires-in 90d'],
  parse: (given) => ({
    name: checkName(given.arg(0), 'API key'),
    sid: given.arg(1),
    ...keyCreateFlags(given),
  }),
  async run(ctx, { name, sid: sidArg, description, action, expires, file, lock }) {
    const target = file !== undefined ? checkKeyFile(file) : undefined;
    const { client, accountId } = await begin(ctx, (w) => `Creating API key ${shown(ctx, name)} of service ID ${shown(ctx, sidArg)} ${w.where}...`);
    const sidId = await serviceIdOf(client, accountId, sidArg);
    const key = await createKey(client, sidId, sidArg, {
      name, iam_id: serviceIdIamId(sidId),
      ...(description !== undefined ? { description } : {}),
      ...(action !== undefined ? { action_when_leaked: action } : {}),
      ...(expires !== undefined ? { expires_at: expires } : {}),
    }, lock);
    await saveKeyOrRollBack(client, target, key);
    if (ctx.json) return ctx.ui.json(key);
    showCreatedKey(ctx, key, target, `Service ID API key ${shown(ctx, key.name)} is created`);
  },
});

async function createKey(client: IamClient, sidId: string, sidArg: string, body: Parameters<IamClient['createApiKey']>[0], lock: boolean): Promise<ApiKey> {
  try {
    return await client.createApiKey(body, lock);
  } catch (err) {
    // A service ID UUID is sent unchecked (one request); IAM rejects an unknown one as a bad iam_id.
    if (err instanceof ApiError && err.status === 400 && isServiceIdId(sidArg)) {
      await orNotFound(() => client.getServiceId(sidId), () => serviceIdNotFound(sidArg));
    }
    throw err;
  }
}

