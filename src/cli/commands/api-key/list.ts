import type { ApiKey } from '../../../wire/types.js';
import { ACTIVITY_COLUMNS, ALL_USER_KEY_COLUMNS, USER_KEY_COLUMNS, activityCells, allUserKeyCells, userKeyCells } from '../../output/entities.js';
import { defineCommand } from '../../spec.js';
import { streamList } from '../list-output.js';
import { begin } from '../shared.js';

export const userKeyList = defineCommand({
  name: 'api-keys',
  summary: 'List your API keys, or with --all those of every user of the account (IAM Identity administrators)',
  args: [],
  options: [
    { flags: '-a, --all', description: "List every user's API keys of the account (needs Administrator on IAM Identity)" },
    { flags: '--uuid', description: 'Display the UUIDs of the API keys only' },
    { flags: '--activity', description: "Add each key's last use and number of uses (IAM's activity)" },
    { flags: '-n, --name <STRING>', description: 'Keep only API keys whose name contains STRING' },
    { flags: '-d, --description <STRING>', description: 'Keep only API keys whose description contains STRING' },
  ],
  examples: ['iamkeys api-keys', 'iamkeys api-keys -a -o JSON'],
  parse: (given) => ({
    all: given.bool('all'), uuid: given.bool('uuid'), activity: given.bool('activity'),
    name: given.str('name'), description: given.str('description'),
  }),
  async run(ctx, { all, uuid, activity, name, description }) {
    const { client, accountId } = await begin(ctx, (w) => (uuid ? undefined : all
      ? `Getting all users' API keys of the account ${w.where}...`
      : `Getting all API keys ${w.where}...`));
    const me = await client.auth.identity();
    const keep = (k: ApiKey): boolean =>
      (name === undefined || k.name.includes(name)) && (description === undefined || (k.description ?? '').includes(description));
    const pages = all ? client.userKeysOfAccount(accountId, { activity }) : client.apiKeysOf(accountId, me.iamId, { activity });
    const cells = all ? allUserKeyCells : userKeyCells;
    await streamList(ctx, pages, {
      keep,
      uuidOnly: uuid,
      columns: [...(all ? ALL_USER_KEY_COLUMNS : USER_KEY_COLUMNS), ...(activity ? ACTIVITY_COLUMNS : [])],
      cells: activity ? (k) => [...cells(k), ...activityCells(k)] : cells,
      none: 'No API key was found.',
    });
  },
});
