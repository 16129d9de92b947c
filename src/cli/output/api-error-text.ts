import type { ApiError } from '../../client/errors.js';
import { safeText } from './safe.js';

/** IAM's words, then its message code and transaction id, so support can find the request. */
export function describeApiError(err: ApiError): string {
  const what = err.details ? `${err.message}: ${err.details}` : err.message;
  const ids = [err.messageCode, err.transactionId ? `transaction ID ${err.transactionId}` : ''].filter(Boolean).join(', ');
  const hint = err.status === 401 ? " Log in again with 'iamkeys login'." : '';
  return `${safeText(what)}${ids ? ` (${safeText(ids)})` : ''}${hint}`;
}
