// ibmcloud's service-policy-create / -update / -delete, service-policies, service-policy: the policy commands
// (commands/policy/) for a service ID, found by name or UUID.
import { SERVICE_SUBJECT } from '../../policies/subject.js';
import { policyCreate } from '../policy/create.js';
import { policyDelete } from '../policy/delete.js';
import { policyGet } from '../policy/get.js';
import { policyList } from '../policy/list.js';
import { policyUpdate } from '../policy/update.js';

export const servicePolicyCreate = policyCreate(SERVICE_SUBJECT);
export const servicePolicyUpdate = policyUpdate(SERVICE_SUBJECT);
export const servicePolicyDelete = policyDelete(SERVICE_SUBJECT);
export const servicePolicies = policyList(SERVICE_SUBJECT);
export const servicePolicy = policyGet(SERVICE_SUBJECT);
