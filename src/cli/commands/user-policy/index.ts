// ibmcloud's user-policy-create / -update / -delete, user-policies, user-policy: the policy commands
// (commands/policy/) for a user, by IAM ID, or by email on the local IAM.
import { USER_SUBJECT } from '../../policies/subject.js';
import { policyCreate } from '../policy/create.js';
import { policyDelete } from '../policy/delete.js';
import { policyGet } from '../policy/get.js';
import { policyList } from '../policy/list.js';
import { policyUpdate } from '../policy/update.js';

export const userPolicyCreate = policyCreate(USER_SUBJECT);
export const userPolicyUpdate = policyUpdate(USER_SUBJECT);
export const userPolicyDelete = policyDelete(USER_SUBJECT);
export const userPolicies = policyList(USER_SUBJECT);
export const userPolicy = policyGet(USER_SUBJECT);
