// The client of the local IAM's own identity routes (/v1/iamkeys/users..., emulator/identities.ts). They are not
// IBM's API, so they stay out of src/client/iam-client.ts, which speaks IBM's API only; but they go through the
// same transport and the same authenticator as every other call. So an identity command runs as whoever the
// CLI runs as (the owner by default in local mode, or the holder of IBMCLOUD_API_KEY or of the session's key),
// in-process and against `iamkeys serve` alike, and every rule is checked by the local IAM, not here.
import { toApiError, type IamClient } from '../client/iam-client.js';
import type { HttpRequest, HttpResponse } from '../client/transport.js';
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
    const list = await this.json<LocalUserList>('GET', USERS_PATH);
    return Array.isArray(list.users) ? list.users : [];
  }

  async createUser(body: CreateUserBody): Promise<LocalUser> {
    return this.json<LocalUser>('POST', USERS_PATH, body, false);
  }

  async setRole(iamId: string, role: string): Promise<LocalUser> {
    return this.json<LocalUser>('PUT', `${USERS_PATH}/${enc(iamId)}/role`, { role });
  }

  async setGrant(iamId: string, serviceId: string, on: boolean): Promise<void> {
    await this.send(on ? 'PUT' : 'DELETE', `${USERS_PATH}/${enc(iamId)}/service_ids/${enc(serviceId)}`);
  }

  private async json<T>(method: HttpRequest['method'], path: string, body?: unknown, idempotent = true): Promise<T> {
    const res = await this.send(method, path, body, idempotent);
    try {
      return JSON.parse(res.body) as T;
    } catch {
      throw toApiError({ ...res, status: 502 });
    }
  }

  private async send(method: HttpRequest['method'], path: string, body?: unknown, idempotent = true): Promise<HttpResponse> {
    const { transport, auth } = this.client;
    const build = async (): Promise<HttpRequest> => ({
      method, path, idempotent,
      headers: {
        authorization: await auth.authorization(),
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    let res = await transport.request(await build());
    if (res.status === 401) {
      auth.invalidate();
      res = await transport.request(await build());
    }
    if (res.status >= 400) throw toApiError(res);
    return res;
  }
}

function isIbmCloud(endpoint: string): boolean {
  try {
    const host = new URL(endpoint).hostname.toLowerCase();
    return host === 'cloud.ibm.com' || host.endsWith('.cloud.ibm.com');
  } catch {
    return false;
  }
}
