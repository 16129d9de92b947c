// `<kind>-policy-create SUBJECT (--roles R [resource flags] | --file [@]JSON)`: the policy built as ibmcloud builds
// it (policies/policy-body.ts), role names turned into CRNs (policies/role-crns.ts), then one POST.
import { defineCommand } from '../../spec.js';
import { COMPAT_FORCE, POLICY_OPTIONS, parseApiVersion, parsePolicyInput } from '../../policies/policy-input.js';
import { equalsAttrs, fileVersion, filledFileBody, finishAttributes, newPolicyBody } from '../../policies/policy-body.js';
import { roleCrns } from '../../policies/role-crns.js';
import type { SubjectKind } from '../../policies/subject.js';
import type { AnyPolicyBody, PolicyApiVersion } from '../../../client/policy-client.js';
import { beginPolicy, forSubject, readPolicyFile, refuseLockedSubject, resourceGroupAttr, showPolicy, withPolicyConflicts } from './shared.js';

export function policyCreate(kind: SubjectKind) {
  return defineCommand({
    name: `${kind.prefix}-policy-create`,
    summary: `Create an access policy for a ${kind.noun}`,
    changes: true,
    args: [kind.arg],
    options: [...POLICY_OPTIONS, COMPAT_FORCE],
    examples: [
      `iamkeys ${kind.prefix}-policy-create ${kind.example} --roles Administrator --service-name iam-identity`,
      `iamkeys ${kind.prefix}-policy-create ${kind.example} --roles Reader,Writer --service-name cloud-object-storage --service-instance GUID`,
      `iamkeys ${kind.prefix}-policy-create ${kind.example} --file @policy.json`,
    ],
    parse: (given) => ({ subject: given.arg(0), input: parsePolicyInput(given, { requireRoles: true }), ...parseApiVersion(given) }),
    async run(ctx, { subject, input, version, explicit }) {
      const b = await beginPolicy(ctx, kind, subject, (w) => `Creating policy ${forSubject(ctx, kind, subject, w)}...`);
      refuseLockedSubject(b, kind, subject);
      let v: PolicyApiVersion = version;
      let body: AnyPolicyBody<PolicyApiVersion>;
      if (input.kind === 'file') {
        const parsed = readPolicyFile(input.file);
        v = fileVersion(parsed, version, explicit);
        body = filledFileBody(v, parsed, b.iamId, b.accountId, input.file);
      } else {
        const attrs = finishAttributes([...equalsAttrs(input.attributes), ...resourceGroupAttr(input.resourceGroupName, b.endpoint)], b.accountId);
        const roles = await roleCrns(b.policies, b.accountId, input.roles ?? [], attrs.map((a) => ({ name: a.name, value: String(a.value) })));
        body = newPolicyBody(v, b.iamId, roles, attrs);
      }
      const created = await withPolicyConflicts(kind, subject, undefined, () => b.policies.createPolicy(v, body));
      if (ctx.json) return ctx.ui.json(created.value);
      ctx.ui.ok(`${kind.title} policy is successfully created`);
      // A blank line, then the empty header line of ibmcloud's table.
      ctx.ui.say('\n');
      showPolicy(ctx, created.value, v, created.etag);
    },
  });
}
