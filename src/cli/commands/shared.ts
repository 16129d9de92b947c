// Pieces every command uses: the "as USER" / "under account A" of progress lines, quoting of what the user
// typed, and the JSON result of commands whose IAM answer has no body.
import type { ApiKey } from '../../wire/types.js';
import type { Context } from '../context.js';
import type { KeyFileTarget } from '../key-file.js';
import { createdKeyRows } from '../render/entities.js';
import { quoted } from '../render/safe.js';

export interface Who {
  account: string;
  user: string;
}

export async function who(ctx: Context): Promise<Who> {
  const id = await ctx.identity();
  return { account: shown(ctx, id.accountId), user: shown(ctx, id.display) };
}

/** An argument as the user typed it, escaped and highlighted for a message. */
export const shown = (ctx: Context, arg: string): string => ctx.ui.name(arg);

/** Plain quoted text for messages that are not highlighted (errors, prompts). */
export { quoted };

/**
 * IAM answers delete, lock, unlock, disable and enable with 204 and no body; `--output json` then prints
 * what was done to which id, so a script still gets one JSON document.
 */
export function actionResult(ctx: Context, id: string, result: string): void {
  if (ctx.json) ctx.ui.json({ id, result });
}

/** The text after a key is created: OK and the sentence, where the secret went (or the warning), the details. */
export function showCreatedKey(ctx: Context, key: ApiKey, target: KeyFileTarget | undefined, sentence: string): void {
  ctx.ui.ok(sentence);
  if (target) ctx.ui.say(`Successfully saved API key information to ${target.path}\n`);
  else ctx.ui.warn("\nPlease preserve the API key! It cannot be retrieved after it's created.\n");
  ctx.ui.details(createdKeyRows(key, !target));
}
