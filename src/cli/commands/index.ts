// Every command, in the order `--help` lists them.
import type { CommandSpec } from '../spec.js';
import { apiKeyCreate } from './service-api-key/create.js';
import { apiKeyDelete } from './service-api-key/delete.js';
import { apiKeyDisable } from './service-api-key/disable.js';
import { apiKeyEnable } from './service-api-key/enable.js';
import { apiKeyGet } from './service-api-key/get.js';
import { apiKeyList } from './service-api-key/list.js';
import { apiKeyLock } from './service-api-key/lock.js';
import { apiKeyRotate } from './service-api-key/rotate.js';
import { apiKeysAudit } from './service-api-key/audit.js';
import { apiKeyUnlock } from './service-api-key/unlock.js';
import { apiKeyUpdate } from './service-api-key/update.js';
import { userKeyCreate } from './api-key/create.js';
import { userKeyDelete } from './api-key/delete.js';
import { userKeyDisable } from './api-key/disable.js';
import { userKeyEnable } from './api-key/enable.js';
import { userKeyGet } from './api-key/get.js';
import { userKeyList } from './api-key/list.js';
import { userKeyLock } from './api-key/lock.js';
import { userKeyUnlock } from './api-key/unlock.js';
import { userKeyUpdate } from './api-key/update.js';
import { userKeyRotate } from './api-key/rotate.js';
import { userKeysAudit } from './api-key/audit.js';
import { serviceIdCreate } from './service-id/create.js';
import { serviceIdDelete } from './service-id/delete.js';
import { serviceIdGet } from './service-id/get.js';
import { serviceIdList } from './service-id/list.js';
import { serviceIdLock } from './service-id/lock.js';
import { serviceIdUnlock } from './service-id/unlock.js';
import { serviceIdUpdate } from './service-id/update.js';
import { servicePolicies, servicePolicy, servicePolicyCreate, servicePolicyDelete, servicePolicyUpdate } from './service-policy/index.js';
import { userPolicies, userPolicy, userPolicyCreate, userPolicyDelete, userPolicyUpdate } from './user-policy/index.js';
import { roles } from './roles.js';
import { serviceIdGrant, serviceIdRevoke } from './identities/grant.js';
import { userApiKeyCreate } from './identities/user-apikey-create.js';
import { userCreate } from './identities/user-create.js';
import { userRole } from './identities/user-role.js';
import { users } from './identities/users.js';
import { completion } from './completion.js';
import { serve } from './serve.js';
import { api } from './session/api.js';
import { config } from './session/config.js';
import { login } from './session/login.js';
import { logout } from './session/logout.js';
import { target } from './session/target.js';

export const COMMANDS: CommandSpec[] = [
  apiKeyCreate, apiKeyUpdate, apiKeyDelete, apiKeyLock, apiKeyUnlock, apiKeyDisable, apiKeyEnable, apiKeyList, apiKeyGet,
  apiKeyRotate, apiKeysAudit,
  userKeyCreate, userKeyUpdate, userKeyDelete, userKeyLock, userKeyUnlock, userKeyDisable, userKeyEnable, userKeyList, userKeyGet,
  userKeyRotate, userKeysAudit,
  serviceIdCreate, serviceIdUpdate, serviceIdDelete, serviceIdLock, serviceIdUnlock, serviceIdList, serviceIdGet,
  servicePolicyCreate, servicePolicyUpdate, servicePolicyDelete, servicePolicies, servicePolicy,
  userPolicyCreate, userPolicyUpdate, userPolicyDelete, userPolicies, userPolicy, roles,
  login, logout, target, api, config, serve,
  // The local IAM's users, roles and grants (not ibmcloud iam commands, so not under `iam`).
  userCreate, userApiKeyCreate, users, userRole, serviceIdGrant, serviceIdRevoke,
  completion,
];
