// NAME|UUID arguments, as ibmcloud takes them. An id-shaped argument is used as an id; anything else is an exact name,
// looked up with the list API, following every page. A name held by several entities fails (exit 6) with the
// candidates, and nothing is changed.
import { ApiError } from '../client/errors.js';
import type { Entity, IamClient, ReadOptions } from '../client/iam-client.js';
import type { ApiKey, ServiceId } from '../wire/types.js';
import { isApiKeyId, isServiceIdId, serviceIdIamId } from '../wire/ids.js';
import { CliError, notFoundError } from './errors.js';
import { Exit, type ExitCode } from './exit-codes.js';
import { renderTable } from './output/table.js';
import { quoted, safeText } from './output/safe.js';

export const serviceIdNotFound = (arg: string): CliError => notFoundError(`Service ID ${quoted(arg)} was not found.`);
export const apiKeyNotFound = (arg: string, sid: string): CliError =>
  notFoundError(`API key ${quoted(arg)} was not found in service ID ${quoted(sid)}.`);

/** Runs fn, turning IAM's 404 into the given not-found error. */
export async function orNotFound<T>(fn: () => Promise<T>, notFound: () => CliError): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) throw notFound();
    throw err;
  }
}

function ambiguous(what: string, name: string, items: { id: string; name: string; created_at: string }[]): CliError {
  const table = renderTable(['ID', 'Name', 'Created At'], items.map((i) => [i.id, i.name, i.created_at]));
  return new CliError(Exit.ambiguous,
    `More than one ${what} is named ${quoted(name)}. Nothing was changed. Pass the ID of the one you mean:\n${table.trimEnd()}`);
}

/**
 * The one of `found` (all holding `name`, at least one) that an argument means: the only one; else the one
 * `prefer` picks when it picks exactly one; else exit 6 listing them.
 */
export function oneNamed<T extends { id: string; name: string; created_at: string }>(what: string, name: string, found: T[],
  prefer?: (item: T, sameName: readonly T[]) => boolean): T {
  if (found.length === 1) return found[0]!;
  const preferred = prefer ? found.filter((k) => prefer(k, found)) : [];
  if (preferred.length === 1) return preferred[0]!;
  throw ambiguous(what, name, found);
}

/** Every service ID with exactly this name (IAM does not keep names unique). */
async function serviceIdsNamed(client: IamClient, accountId: string, name: string): Promise<ServiceId[]> {
  const found: ServiceId[] = [];
  for await (const page of client.serviceIds(accountId, name)) found.push(...page.filter((s) => s.name === name));
  return found;
}

/** What `service-id` shows, as ibmcloud does: the one by id, or every match of a name; none is not found. */
export async function serviceIdMatches(client: IamClient, accountId: string, arg: string): Promise<ServiceId[]> {
  if (isServiceIdId(arg)) return [(await orNotFound(() => client.getServiceId(arg), () => serviceIdNotFound(arg))).value];
  const found = await serviceIdsNamed(client, accountId, arg);
  if (found.length === 0) throw serviceIdNotFound(arg);
  return found;
}

/** The one service ID a change applies to, fetched by id or found by exact name; more than one fails (exit 6). */
export async function findServiceId(client: IamClient, accountId: string, arg: string): Promise<Entity<ServiceId>> {
  if (isServiceIdId(arg)) return orNotFound(() => client.getServiceId(arg), () => serviceIdNotFound(arg));
  const found = await serviceIdsNamed(client, accountId, arg);
  if (found.length === 0) throw serviceIdNotFound(arg);
  const sid = oneNamed('service ID', arg, found);
  return { value: sid, etag: sid.entity_tag };
}

/** A service ID's id, with no request when the argument is already one. */
export async function serviceIdOf(client: IamClient, accountId: string, arg: string): Promise<string> {
  return isServiceIdId(arg) ? arg : (await findServiceId(client, accountId, arg)).value.id;
}

/** The pages of API keys of one service ID (NAME|UUID), or of every service ID of the account (undefined: --all). */
export async function serviceIdKeyPages(client: IamClient, accountId: string, sidArg: string | undefined,
  o: ReadOptions = {}): Promise<AsyncGenerator<ApiKey[]>> {
  return sidArg === undefined
    ? client.serviceIdKeysOfAccount(accountId, o)
    : client.apiKeysOf(accountId, serviceIdIamId(await serviceIdOf(client, accountId, sidArg)), o);
}

const swapped = (code: ExitCode, keyArg: string, sidArg: string): CliError => new CliError(code,
  `The arguments are APIKEY SERVICE_ID: the API key comes first. '${safeText(keyArg)}' is a service ID, so try '${safeText(sidArg)} ${safeText(keyArg)}'.`);

/**
 * The key fetched within a service ID. A key UUID is fetched too (one request), so that a key of another service
 * ID, or a service ID that does not exist, is not found rather than changed. Arguments given the other way
 * round (SERVICE_ID APIKEY) are told so: at once when their shapes show it, else when the lookup fails and the
 * first one names a service ID.
 */
export async function findApiKey(client: IamClient, accountId: string, keyArg: string, sidArg: string,
  prefer?: (k: ApiKey, sameName: readonly ApiKey[]) => boolean): Promise<Entity<ApiKey>> {
  if (isServiceIdId(keyArg) || isApiKeyId(sidArg)) throw swapped(Exit.usage, keyArg, sidArg);
  try {
    return await findApiKeyAsGiven(client, accountId, keyArg, sidArg, prefer);
  } catch (err) {
    const sidMissing = err instanceof CliError && err.message === serviceIdNotFound(sidArg).message;
    if (sidMissing && (await serviceIdsNamed(client, accountId, keyArg)).length > 0) throw swapped(Exit.notFound, keyArg, sidArg);
    throw err;
  }
}

/** `prefer`, when a name is held by several keys, picks the one meant if exactly one of them passes it. */
async function findApiKeyAsGiven(client: IamClient, accountId: string, keyArg: string, sidArg: string,
  prefer?: (k: ApiKey, sameName: readonly ApiKey[]) => boolean): Promise<Entity<ApiKey>> {
  if (isApiKeyId(keyArg)) {
    const sidId = isServiceIdId(sidArg) ? sidArg : await serviceIdOf(client, accountId, sidArg);
    const key = await orNotFound(() => client.getApiKey(keyArg), () => apiKeyNotFound(keyArg, sidArg));
    if (key.value.iam_id !== serviceIdIamId(sidId) && key.value.iam_id !== sidId) throw apiKeyNotFound(keyArg, sidArg);
    return key;
  }
  const key = await findApiKeyByName(client, accountId, keyArg, sidArg, prefer);
  return { value: key, etag: key.entity_tag };
}

async function findApiKeyByName(client: IamClient, accountId: string, name: string, sidArg: string,
  prefer?: (k: ApiKey, sameName: readonly ApiKey[]) => boolean): Promise<ApiKey> {
  const sidId = await serviceIdOf(client, accountId, sidArg);
  const found: ApiKey[] = [];
  await orNotFound(async () => {
    for await (const page of client.apiKeysOf(accountId, serviceIdIamId(sidId))) found.push(...page.filter((k) => k.name === name));
  }, () => serviceIdNotFound(sidArg));
  if (found.length === 0) throw apiKeyNotFound(name, sidArg);
  return oneNamed('API key', name, found, prefer);
}
