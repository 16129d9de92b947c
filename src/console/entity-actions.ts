// The items of a row's Actions menu, for an API key or a service ID: Edit (name and description, sent with the
// row's entity tag in If-Match, so a change made meanwhile is reported by IAM instead of overwritten), Lock or
// Unlock, Disable or Enable (keys), Delete (after a confirmation). A locked entity's Edit and Delete are
// disabled with the reason, as IAM would refuse them.
import type { ApiKey, ServiceId } from '../wire/types.js';
import type { Kind } from './api.js';
import type { Ctx } from './context.js';
import { confirmDialog, formDialog } from './dialogs.js';
import type { MenuItem } from './menu.js';

const NOUN: Record<Kind, string> = { apikey: 'API key', serviceid: 'service ID' };

export function entityActions(ctx: Ctx, kind: Kind, item: ApiKey | ServiceId, reload: () => Promise<void>): MenuItem[] {
  const noun = NOUN[kind];
  const lockedReason = item.locked ? `Unlock the ${noun} first to edit or delete it.` : undefined;
  const done = async (text: string): Promise<void> => {
    ctx.notice.ok(text);
    await reload();
  };
  const act = (call: () => Promise<unknown>, text: string) => (): void => {
    call().then(() => done(text), (err: unknown) => ctx.notice.error(err));
  };
  const items: MenuItem[] = [
    {
      label: 'Edit',
      disabledReason: lockedReason,
      run: () => formDialog({
        title: `Edit ${noun}`,
        fields: [
          { name: 'name', label: 'Name', value: item.name, required: true },
          { name: 'description', label: 'Description', kind: 'textarea', value: item.description ?? '' },
        ],
        submitLabel: 'Save',
        submit: async (v) => {
          await ctx.api.update(kind, item.id, item.entity_tag, { name: v['name'] ?? '', description: v['description'] ?? '' });
          await done(`The ${noun} ${v['name'] ?? ''} was updated.`);
        },
      }),
    },
    item.locked
      ? { label: 'Unlock', run: act(() => ctx.api.setFlag(kind, item.id, 'lock', false), `The ${noun} ${item.name} was unlocked.`) }
      : { label: 'Lock', run: act(() => ctx.api.setFlag(kind, item.id, 'lock', true), `The ${noun} ${item.name} was locked.`) },
  ];
  if (kind === 'apikey') {
    const disabled = (item as ApiKey).disabled;
    items.push(disabled
      ? { label: 'Enable', run: act(() => ctx.api.setFlag(kind, item.id, 'disable', false), `The API key ${item.name} was enabled.`) }
      : { label: 'Disable', run: act(() => ctx.api.setFlag(kind, item.id, 'disable', true), `The API key ${item.name} was disabled.`) });
  }
  items.push({
    label: 'Delete',
    disabledReason: lockedReason,
    run: () => confirmDialog({
      title: `Delete ${noun}`,
      text: kind === 'apikey'
        ? ['Delete the API key ', item.name, '? Applications that use it can no longer authenticate.']
        : ['Delete the service ID ', item.name, ' and all its API keys? Applications that use them can no longer authenticate.'],
      confirmLabel: 'Delete',
      confirm: async () => {
        await ctx.api.remove(kind, item.id);
        await done(`The ${noun} ${item.name} was deleted.`);
      },
    }),
  });
  return items;
}
