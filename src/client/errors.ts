// The client's errors. Each says what happened in words a user can act on; the CLI maps them to exit codes.

/** IAM answered with an error status (`/v1` body or the token endpoint's body). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageCode: string,
    message: string,
    readonly details: string | undefined,
    readonly transactionId: string | undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

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
