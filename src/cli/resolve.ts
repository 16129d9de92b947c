// NAME|UUID arguments, as ibmcloud takes them. An id-shaped argument is used as an id; anything else is an exact name,
// looked up with the list API, following every page. A name held by several entities fails (exit 6) with the
// candidates, and nothing is changed.
import { ApiError } from '../client/errors.js';
import type { Entity, IamClient } from '../client/iam-client.js';
import type { ApiKey, ServiceId } from '../wire/types.js';
import { isApiKeyId, isServiceIdId, serviceIdIamId } from '../wire/ids.js';
import { CliError, notFoundError } from './errors.js';
import { Exit } from './exit-codes.js';
import { renderTable } from './render/table.js';
import { quoted } from './render/safe.js';

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

/** A service ID fetched by id or found by exact name. */
export async function findServiceId(client: IamClient, accountId: string, arg: string): Promise<Entity<ServiceId>> {
  if (isServiceIdId(arg)) return orNotFound(() => client.getServiceId(arg), () => serviceIdNotFound(arg));
  const found: ServiceId[] = [];
  for await (const page of client.serviceIds(accountId, arg)) found.push(...page.filter((s) => s.name === arg));
  if (found.length === 0) throw serviceIdNotFound(arg);
  if (found.length > 1) throw ambiguous('service ID', arg, found);
  return { value: found[0]!, etag: found[0]!.entity_tag };
}

/** A service ID's id, with no request when the argument is already one. */
export async function serviceIdOf(client: IamClient, accountId: string, arg: string): Promise<string> {
  return isServiceIdId(arg) ? arg : (await findServiceId(client, accountId, arg)).value.id;
}

/**
 * The key's id within a service ID. A key UUID is fetched too (one request), so that a key of another service
 * ID, or a service ID that does not exist, is not found rather than changed.
 */
export async function apiKeyIdOf(client: IamClient, accountId: string, keyArg: string, sidArg: string): Promise<string> {
  return (await findApiKey(client, accountId, keyArg, sidArg)).value.id;
}

/** The key fetched within a service ID; a key of another service ID is not found. */
export async function findApiKey(client: IamClient, accountId: string, keyArg: string, sidArg: string): Promise<Entity<ApiKey>> {
  if (isApiKeyId(keyArg)) {
    const sidId = isServiceIdId(sidArg) ? sidArg : await serviceIdOf(client, accountId, sidArg);
    const key = await orNotFound(() => client.getApiKey(keyArg), () => apiKeyNotFound(keyArg, sidArg));
    if (key.value.iam_id !== serviceIdIamId(sidId) && key.value.iam_id !== sidId) throw apiKeyNotFound(keyArg, sidArg);
    return key;
  }
  const key = await findApiKeyByName(client, accountId, keyArg, sidArg);
  return { value: key, etag: key.entity_tag };
}

async function findApiKeyByName(client: IamClient, accountId: string, name: string, sidArg: string): Promise<ApiKey> {
  const sidId = await serviceIdOf(client, accountId, sidArg);
  const found: ApiKey[] = [];
  await orNotFound(async () => {
    for await (const page of client.apiKeysOf(accountId, serviceIdIamId(sidId))) found.push(...page.filter((k) => k.name === name));
  }, () => serviceIdNotFound(sidArg));
  if (found.length === 0) throw apiKeyNotFound(name, sidArg);
  if (found.length > 1) throw ambiguous('API key', name, found);
  return found[0]!;
}
