// `<kind>-policy-delete SUBJECT POLICY_ID`: asks unless -f; the policy is read first, so that a policy of another
// subject is not found (never deleted) and a missing one is told before the question.
import { FORCE, defineCommand } from '../../spec.js';
import { API_VERSION_OPTION, parseApiVersion, parsePolicyId } from '../../policies/policy-input.js';
import type { SubjectKind } from '../../policies/subject.js';
import { orNotFound } from '../../resolve.js';
import { quoted } from '../../output/safe.js';
import { actionResult, shown } from '../shared.js';
import { POLICY_ID_ARG } from './get.js';
import { beginPolicy, forSubject, lowerFirst, policyNotFound, refuseLockedSubject, subjectPolicy, subjectText, withPolicyConflicts } from './shared.js';

export function policyDelete(kind: SubjectKind) {
  return defineCommand({
    name: `${kind.prefix}-policy-delete`,
    summary: `Delete an access policy of a ${kind.noun}`,
    changes: true,
    args: [kind.arg, POLICY_ID_ARG],
    options: [API_VERSION_OPTION, FORCE],
    examples: [`iamkeys ${kind.prefix}-policy-delete ${kind.example} POLICY_ID -f`],
    parse: (given) => ({ subject: given.arg(0), id: parsePolicyId(given.arg(1)), force: given.bool('force'), ...parseApiVersion(given) }),
    async run(ctx, { subject, id, force, version }) {
      const b = await beginPolicy(ctx, kind, subject, (w) => `Deleting policy ${shown(ctx, id)} ${forSubject(ctx, kind, subject, w)}...`);
      const notFound = () => policyNotFound(kind, id, subject);
      await subjectPolicy(b, version, id, notFound);
      refuseLockedSubject(b, kind, subject);
      await ctx.confirm(`Are you sure you want to delete policy ${quoted(id)} of ${lowerFirst(subjectText(kind, subject))}?`, force);
      await withPolicyConflicts(kind, subject, id, () => orNotFound(() => b.policies.deletePolicy(version, id), notFound));
      if (ctx.json) return actionResult(ctx, id, 'deleted');
      ctx.ui.ok(`${kind.title} policy ${shown(ctx, id)} is successfully deleted`);
    },
  });
}
