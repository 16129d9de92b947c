// The client's errors. Each says what happened in words a user can act on; the CLI maps them to exit codes.
import type { TokenErrorBody, V1ErrorBody } from '../wire/types.js';
import type { HttpResponse } from './transport.js';

/** IAM answered with an error status (`/v1` body or the token endpoint's body). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageCode: string,
    message: string,
    readonly details: string | undefined,
    readonly transactionId: string | undefined,
    /** The error body as IAM sent it, for what its text leaves out (a 409's conflicting policy). */
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Whether IAM refused a request (a 4xx other than 429), as opposed to failing at it (5xx, 429: worth retrying). */
export const isRefusal = (err: unknown): err is ApiError => err instanceof ApiError && err.status < 500 && err.status !== 429;

/** IAM could not be reached, timed out, or answered with something that is not IAM's wire format. */
export class NetworkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NetworkError';
  }
}

/** No usable credentials: not logged in, or a session that cannot be renewed. */
export class AuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthError';
  }
}

/** Turns an error response (a `/v1` body, the token endpoint's body, or neither) into an ApiError. */
export function toApiError(res: HttpResponse): ApiError {
  const tx = res.headers['transaction-id'];
  let parsed: unknown;
  try {
    parsed = JSON.parse(res.body);
  } catch {
    parsed = undefined;
  }
  const v1 = parsed as Partial<V1ErrorBody> | undefined;
  const first = Array.isArray(v1?.errors) ? v1.errors[0] : undefined;
  if (first && typeof first.message === 'string') {
    // The Policy Management API's details are an object; a refusal's `reason` names the action, the caller and
    // the resource (`Access check for action '…' … was denied`), which the message alone does not.
    const reason = (first.details as { reason?: unknown } | undefined)?.reason;
    const message = typeof reason === 'string' ? `${first.message} ${reason}` : first.message;
    return new ApiError(res.status, String(first.code ?? ''), String(first.message_code ?? ''), message,
      typeof first.details === 'string' ? first.details : undefined, typeof v1?.trace === 'string' ? v1.trace : tx, parsed);
  }
  const tok = parsed as Partial<TokenErrorBody> | undefined;
  if (tok && typeof tok.errorMessage === 'string') {
    return new ApiError(res.status, '', String(tok.errorCode ?? ''), tok.errorMessage, undefined,
      typeof tok.context?.requestId === 'string' ? tok.context.requestId : tx);
  }
  if (res.status >= 500 || parsed === undefined) {
    throw new NetworkError(`IAM answered HTTP ${res.status} with a body that is not an IAM error.`);
  }
  return new ApiError(res.status, '', '', `HTTP ${res.status}`, undefined, tx);
}
