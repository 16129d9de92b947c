// Whose policies a command handles: a service ID (service-policy-*) or a user (user-policy-*). Each kind says how
// its argument becomes the policy's subject (an iam_id) and how the commands word it.
import type { IamClient } from '../../client/iam-client.js';
import { usageError } from '../errors.js';
import { LocalIamApi, isIbmCloud } from '../local-iam-api.js';
import { findServiceId } from '../resolve.js';
import { userIdOf } from '../commands/identities/shared.js';

export interface SubjectKind {
  /** `service` or `user`: the commands are `<prefix>-policy-create`, `<prefix>-policies`... */
  prefix: 'service' | 'user';
  arg: { syntax: string; description: string };
  /** `service ID`, `user`: in progress lines and messages. */
  noun: string;
  /** `Service`, `User`: `Service policy is successfully created`. */
  title: string;
  example: string;
  /** The subject from the argument as typed: its iam_id, and whether it is locked (a service ID can be). */
  subjectOf(client: IamClient, accountId: string, arg: string): Promise<Subject>;
}

export interface Subject {
  iamId: string;
  /** A locked service ID's policies cannot be created, changed or deleted. */
  locked: boolean;
}

export const SERVICE_SUBJECT: SubjectKind = {
  prefix: 'service',
  arg: { syntax: '<SERVICE_ID>', description: 'Name or UUID of the service ID' },
  noun: 'service ID',
  title: 'Service',
  example: 'sample-service',
  // A name held by several service IDs fails (exit 6) with the candidates, as every service ID command does.
  async subjectOf(client, accountId, arg) {
    const sid = (await findServiceId(client, accountId, arg)).value;
    return { iamId: sid.iam_id, locked: sid.locked };
  },
};

const IAM_ID = /^(IBMid|iam)-[A-Za-z0-9-]+$/;

export const USER_SUBJECT: SubjectKind = {
  prefix: 'user',
  arg: { syntax: '<USER_ID>', description: 'Email or IAM ID (IBMid-...) of the user' },
  noun: 'user',
  title: 'User',
  example: 'dev@example.com',
  async subjectOf(client, _accountId, arg) {
    if (IAM_ID.test(arg)) return { iamId: arg, locked: false };
    const endpoint = client.transport.endpoint;
    if (endpoint !== 'local' && isIbmCloud(endpoint)) {
      // Finding an IBM Cloud user by email needs IBM's user management API, another service than IAM.
      throw usageError(`On IBM Cloud, give the user's IAM ID (IBMid-...), not an email: find it with 'ibmcloud account users'.`);
    }
    return { iamId: await userIdOf(new LocalIamApi(client), arg), locked: false };
  },
};
