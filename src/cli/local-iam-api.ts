// The client of the local IAM's own identity routes (/v1/iamkeys/users..., emulator/identities.ts). They are not
// IBM's API, so they stay out of src/client/iam-client.ts, which speaks IBM's API only; but they go through the
// same request path as every other call (IamClient.send: the token, its one retry after a 401, the create-safety
// rule, IAM's errors). So an identity command runs as whoever the CLI runs as (the owner by default in local
// mode, or the holder of IBMCLOUD_API_KEY or of the session's key), in-process and against `iamkeys serve`
// alike, and every rule is checked by the local IAM, not here.
import type { IamClient } from '../client/iam-client.js';
import { USERS_PATH, type CreateUserBody, type LocalUser, type LocalUserList } from '../wire/identities.js';
import { usageError } from './errors.js';

const enc = encodeURIComponent;

export class LocalIamApi {
  constructor(private readonly client: IamClient) {
    const endpoint = client.transport.endpoint;
    if (endpoint !== 'local' && isIbmCloud(endpoint)) {
      throw usageError(`Users are managed here only on the local IAM (the embedded one or 'iamkeys serve'), not on ${endpoint}. `
        + "On IBM Cloud, invite users and assign access with the console or 'ibmcloud account user-invite'.");
    }
  }

  async listUsers(): Promise<LocalUser[]> {
    const list = await this.client.json<LocalUserList>({ method: 'GET', path: USERS_PATH });
    return Array.isArray(list.users) ? list.users : [];
  }

  async createUser(body: CreateUserBody): Promise<LocalUser> {
    return this.client.json<LocalUser>({ method: 'POST', path: USERS_PATH, body, idempotent: false });
  }

  async setRole(iamId: string, role: string): Promise<LocalUser> {
    return this.client.json<LocalUser>({ method: 'PUT', path: `${USERS_PATH}/${enc(iamId)}/role`, body: { role } });
  }

  async setGrant(iamId: string, serviceId: string, on: boolean): Promise<void> {
    await this.client.send({ method: on ? 'PUT' : 'DELETE', path: `${USERS_PATH}/${enc(iamId)}/service_ids/${enc(serviceId)}` });
  }
}

/** An endpoint of IBM Cloud itself (not a local IAM served elsewhere). */
export function isIbmCloud(endpoint: string): boolean {
  try {
    const host = new URL(endpoint).hostname.toLowerCase();
    return host === 'cloud.ibm.com' || host.endsWith('.cloud.ibm.com');
  } catch {
    return false;
  }
}
