// Who the client acts as. An authenticator gives the Authorization header for each request and the identity
// behind it (account, display name) for progress lines.

export interface Identity {
  iamId: string;
  accountId: string;
  /** The email, or the token's `sub` when there is none (a service ID), as ibmcloud shows it. */
  display: string;
}

export interface Authenticator {
  authorization(): Promise<string>;
  identity(): Promise<Identity>;
  /** Called after a 401, so the next authorization() fetches a fresh token. */
  invalidate(): void;
}
