// Pieces every command uses: the "as USER" / "under account A" of progress lines, quoting of what the user
// typed, and the JSON result of commands whose IAM answer has no body.
import type { ApiKey } from '../../wire/types.js';
import type { Context } from '../context.js';
import type { KeyFileTarget } from '../key-file.js';
import { createdKeyRows } from '../render/entities.js';
import { quoted, safeText } from '../render/safe.js';

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

/** Where --file saved the key (stdout, as ibmcloud says it), and on stderr that an existing file was replaced. */
export function savedTo(ctx: Context, target: KeyFileTarget): void {
  if (target.exists) ctx.ui.note(`Replaced the existing file ${safeText(target.path)}.`);
  ctx.ui.say(`Successfully saved API key information to ${safeText(target.path)}`);
}

/**
 * The text after a key is created, in ibmcloud's layout: OK and the sentence, where --file saved it, the warning,
 * then the details with the `API Key` row, which scripts read with `awk '/API Key/'` even after --file.
 * `secretRow: false` (rotate, which ibmcloud does not have) leaves the secret in the file alone, out of CI logs.
 */
export function showCreatedKey(ctx: Context, key: ApiKey, target: KeyFileTarget | undefined, sentence: string,
  { secretRow = true }: { secretRow?: boolean } = {}): void {
  ctx.ui.ok(sentence);
  if (target) savedTo(ctx, target);
  if (secretRow) ctx.ui.warn("\nPlease preserve the API key! It cannot be retrieved after it's created.");
  ctx.ui.say('');
  ctx.ui.details(createdKeyRows(key, secretRow));
}
