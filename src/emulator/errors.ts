// Errors the local IAM answers with. The codes seen in captured answers of IAM are IBM's; where no
// capture exists (locked, stale If-Match, missing If-Match, duplicate value) the codes are ours, marked [ours].
// The refusals --dry-run foretells are worded once, in wire/iam-errors.ts.
import {
  deleteNotPossibleRefusal, invalidValueRefusal, lockedRefusal, staleVersionRefusal, unknownServiceIdRefusal, type EntityType, type IamRefusal,
} from '../wire/iam-errors.js';

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

  static of(r: IamRefusal): IamError {
    return new IamError(r.status, r.code, r.messageCode, r.message, r.details);
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

export const invalidValue = (property: string, details: string): IamError => IamError.of(invalidValueRefusal(property, details));

export const unknownServiceId = (iamId: string): IamError => IamError.of(unknownServiceIdRefusal(iamId));

export const missingProperty = (property: string): IamError =>
  new IamError(400, 'missing_property', 'BXNIM0109E', 'Property missing or empty', `Property '${property}' is missing or empty.`);

// [ours] IAM answers 409 here; the codes are not captured anywhere.
export const locked = (type: EntityType, id: string): IamError => IamError.of(lockedRefusal(type, id));

export const staleVersion = (type: EntityType, id: string, current: string): IamError => IamError.of(staleVersionRefusal(type, id, current));

export const missingIfMatch = (): IamError =>
  new IamError(400, 'missing_if_match', 'BXNIM0109E', 'Property missing or empty', "Header 'If-Match' is missing or empty.");

export const duplicateValue = (): IamError =>
  new IamError(409, 'duplicate_value', 'BXNIM0512E', 'The API key value is already in use', 'Choose another value for apikey.');

export const deleteNotPossible = (id: string, keyId: string): IamError => IamError.of(deleteNotPossibleRefusal(id, keyId));

export const unauthenticated = (messageCode: string, message: string): IamError =>
  new IamError(401, 'invalid_access_token', messageCode, message);
