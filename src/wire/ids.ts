// Id shapes of IAM: `ServiceId-<uuid>`, `ApiKey-<uuid>`, `iam-ServiceId-<uuid>`.
const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const SERVICE_ID_RE = new RegExp(`^ServiceId-${UUID}$`);
const API_KEY_RE = new RegExp(`^ApiKey-${UUID}$`);

export const isServiceIdId = (s: string): boolean => SERVICE_ID_RE.test(s);
export const isApiKeyId = (s: string): boolean => API_KEY_RE.test(s);

/** The iam_id a service ID's keys authenticate as. */
export const serviceIdIamId = (serviceId: string): string => `iam-${serviceId}`;
