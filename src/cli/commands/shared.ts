// Pieces every command uses: the start of a command that talks to IAM (client, account, the "under account A
// as USER" of its progress line), quoting of what the user typed, and the JSON result of commands whose IAM
// answer has no body.
import type { IamClient } from '../../client/iam-client.js';
import type { ApiKey } from '../../wire/types.js';
import type { Context } from '../context.js';
import { usageError } from '../errors.js';
import type { KeyFileTarget } from '../state/key-file.js';
import { createdKeyRows } from '../output/entities.js';
import { quoted, safeText } from '../output/safe.js';
import type { Given } from '../spec.js';

/** Who a command acts as, highlighted for its progress line. */
export interface Who {
  account: string;
  user: string;
  /** `under account A as USER` */
  where: string;
}

export interface Begun {
  client: IamClient;
  /** The account the command acts in (the identity's). */
  accountId: string;
}

/**
 * The start of a command that talks to IAM: the client, who it acts as, and the progress line (none when
 * `progress` gives undefined, as with --uuid).
 */
export async function begin(ctx: Context, progress?: (w: Who) => string | undefined): Promise<Begun> {
  const client = await ctx.client();
  const id = await client.auth.identity();
  const account = shown(ctx, id.accountId);
  const user = shown(ctx, id.display);
  const line = progress?.({ account, user, where: `under account ${account} as ${user}` });
  if (line !== undefined) ctx.ui.progress(line);
  return { client, accountId: id.accountId };
}

/** `[SERVICE_ID]` or --all, exactly one: the service ID as typed, or undefined for all of them. */
export function serviceIdOrAll(given: Given, verb: string): string | undefined {
  const all = given.bool('all');
  const sid = given.optionalArg(0);
  if (all && sid !== undefined) throw usageError('Give a service ID or --all, not both.');
  if (!all && sid === undefined) throw usageError(`Give the service ID whose API keys to ${verb}, or --all.`);
  return sid;
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
