// Errors the local IAM answers with. The codes seen in captured answers of IAM are IBM's; where no
// capture exists (locked, stale If-Match, missing If-Match, duplicate value) the codes are ours, marked [ours].

export class IamError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageCode: string,
    message: string,
    readonly details?: string,
  ) {
    super(message);
    this.name = 'IamError';
  }
}

/** Errors of `POST /identity/token`, which has its own body shape. */
export class TokenError extends Error {
  constructor(readonly status: number, readonly errorCode: string, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
    this.name = 'TokenError';
  }
}

export const notFound = (type: 'ServiceId' | 'ApiKey', id: string): IamError =>
  new IamError(404, 'not_found', 'BXNIM0102E', 'Unable to find object', `Object type '${type}' with ID '${id}' could not be found.`);

export const forbidden = (details?: string): IamError =>
  new IamError(403, 'forbidden', 'BXNIM0513E', 'You are not authorized to use this API', details);

export const invalidValue = (property: string, details: string): IamError =>
  new IamError(400, 'invalid_value', 'BXNIM0106E', `Validation of property '${property}' failed.`, details);

export const missingProperty = (property: string): IamError =>
  new IamError(400, 'missing_property', 'BXNIM0109E', 'Property missing or empty', `Property '${property}' is missing or empty.`);

// [ours] IAM answers 409 here; the codes are not captured anywhere.
export const locked = (type: 'ServiceId' | 'ApiKey', id: string): IamError =>
  new IamError(409, 'entity_locked', 'BXNIM0510E', 'Unable to change a locked object',
    `Object type '${type}' with ID '${id}' is locked. Unlock it first.`);

export const staleVersion = (type: 'ServiceId' | 'ApiKey', id: string, current: string): IamError =>
  new IamError(409, 'version_conflict', 'BXNIM0511E', 'The entity tag in If-Match is not the current version',
    `Object type '${type}' with ID '${id}' has version ${current}.`);

export const missingIfMatch = (): IamError =>
  new IamError(400, 'missing_if_match', 'BXNIM0109E', 'Property missing or empty', "Header 'If-Match' is missing or empty.");

export const duplicateValue = (): IamError =>
  new IamError(409, 'duplicate_value', 'BXNIM0512E', 'The API key value is already in use', 'Choose another value for apikey.');

export const deleteNotPossible = (id: string, keyId: string): IamError =>
  new IamError(409, 'delete_not_possible', 'BXNIM0105E', 'Unable to delete object',
    `Object type 'ApiKey' with ID '${keyId}' could not be deleted because it is locked, so ServiceId '${id}' was not deleted.`);

export const unauthenticated = (messageCode: string, message: string): IamError =>
  new IamError(401, 'invalid_access_token', messageCode, message);
