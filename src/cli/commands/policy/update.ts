// `<kind>-policy-update SUBJECT POLICY_ID [flags | --file]`: IAM's PUT replaces the whole policy, so the policy
// is read first (its ETag goes as If-Match, never `*`) and what was not given keeps its value.
import { FORCE, defineCommand } from '../../spec.js';
import { usageError } from '../../errors.js';
import { POLICY_OPTIONS, parseApiVersion, parsePolicyId, parsePolicyInput } from '../../policies/policy-input.js';
import {
  equalsAttrs, fileVersion, filledFileBody, finishAttributes, mergedAttributes, replacedBody, viewOf,
} from '../../policies/policy-body.js';
import { roleCrns } from '../../policies/role-crns.js';
import type { SubjectKind } from '../../policies/subject.js';
import type { AnyPolicyBody, PolicyApiVersion } from '../../../client/policy-client.js';
import { orNotFound } from '../../resolve.js';
import { quoted } from '../../output/safe.js';
import { shown } from '../shared.js';
import { POLICY_ID_ARG } from './get.js';
import {
  beginPolicy, forSubject, lowerFirst, policyNotFound, refuseLockedSubject, readPolicyFile, resourceGroupAttr, showPolicy, subjectPolicy, subjectText,
  withPolicyConflicts,
} from './shared.js';

export function policyUpdate(kind: SubjectKind) {
  return defineCommand({
    name: `${kind.prefix}-policy-update`,
    summary: `Update an access policy of a ${kind.noun}`,
    changes: true,
    args: [kind.arg, POLICY_ID_ARG],
    options: [...POLICY_OPTIONS, FORCE],
    examples: [`iamkeys ${kind.prefix}-policy-update ${kind.example} POLICY_ID --roles Editor`],
    parse(given) {
      const input = parsePolicyInput(given, { requireRoles: false });
      if (input.kind === 'flags' && input.roles === undefined && input.attributes.length === 0 && input.resourceGroupName === undefined) {
        throw usageError('Nothing to update: give --roles, a resource flag (--service-name, --resource...), --attributes or --file.');
      }
      return { subject: given.arg(0), id: parsePolicyId(given.arg(1)), input, force: given.bool('force'), ...parseApiVersion(given) };
    },
    async run(ctx, { subject, id, input, force, version, explicit }) {
      const b = await beginPolicy(ctx, kind, subject, (w) => `Updating policy ${shown(ctx, id)} ${forSubject(ctx, kind, subject, w)}...`);
      const notFound = () => policyNotFound(kind, id, subject);
      let v: PolicyApiVersion = version;
      let parsed: unknown;
      if (input.kind === 'file') {
        parsed = readPolicyFile(input.file);
        v = fileVersion(parsed, version, explicit);
      }
      const current = await subjectPolicy(b, v, id, notFound);
      refuseLockedSubject(b, kind, subject);
      let body: AnyPolicyBody<PolicyApiVersion>;
      if (input.kind === 'file') {
        body = filledFileBody(v, parsed, b.iamId, b.accountId, input.file);
      } else {
        const was = viewOf(current.value, v);
        const given = [...equalsAttrs(input.attributes), ...resourceGroupAttr(input.resourceGroupName, b.endpoint)];
        const attrs = finishAttributes(mergedAttributes(was.attributes, given), b.accountId);
        const roles = input.roles === undefined ? was.roles
          : await roleCrns(b.policies, b.accountId, input.roles, attrs.map((a) => ({ name: a.name, value: String(a.value) })));
        body = replacedBody(v, current.value, roles, attrs);
      }
      await ctx.confirm(`Are you sure you want to update policy ${quoted(id)} of ${lowerFirst(subjectText(kind, subject))}?`, force);
      const updated = await withPolicyConflicts(kind, subject, id, () => orNotFound(() => b.policies.replacePolicy(v, id, current.etag, body), notFound));
      if (ctx.json) return ctx.ui.json(updated.value);
      ctx.ui.ok(`${kind.title} policy is successfully updated`);
      ctx.ui.say('\n');
      showPolicy(ctx, updated.value, v, updated.etag);
    },
  });
}
