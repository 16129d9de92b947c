// IAM's refusals of a change, as its /v1 answers carry them: the local IAM answers with these, and --dry-run
// foretells them in the same words, so that a dry run fails exactly as the real run would. Where no capture of
// IAM's own answer exists (locked, stale If-Match) the codes are ours.

export interface IamRefusal {
  status: number;
  code: string;
  messageCode: string;
  message: string;
  details?: string;
}

export type EntityType = 'ServiceId' | 'ApiKey';

export const invalidValueRefusal = (property: string, details: string): IamRefusal =>
  ({ status: 400, code: 'invalid_value', messageCode: 'BXNIM0106E', message: `Validation of property '${property}' failed.`, details });

/** A key asked for a service ID that does not exist: a bad iam_id (400), not a 404. */
export const unknownServiceIdRefusal = (iamId: string): IamRefusal => invalidValueRefusal('iam_id', `Service ID '${iamId}' does not exist.`);

export const lockedRefusal = (type: EntityType, id: string): IamRefusal =>
  ({ status: 409, code: 'entity_locked', messageCode: 'BXNIM0510E', message: 'Unable to change a locked object', details: `Object type '${type}' with ID '${id}' is locked. Unlock it first.` });

export const staleVersionRefusal = (type: EntityType, id: string, current: string): IamRefusal =>
  ({ status: 409, code: 'version_conflict', messageCode: 'BXNIM0511E', message: 'The entity tag in If-Match is not the current version', details: `Object type '${type}' with ID '${id}' has version ${current}.` });

export const deleteNotPossibleRefusal = (id: string, keyId: string): IamRefusal => ({
  status: 409, code: 'delete_not_possible', messageCode: 'BXNIM0105E', message: 'Unable to delete object',
  details: `Object type 'ApiKey' with ID '${keyId}' could not be deleted because it is locked, so ServiceId '${id}' was not deleted.`,
});
