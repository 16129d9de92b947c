// `<kind>-policy SUBJECT POLICY_ID`: one policy of the subject; a policy of another subject is not found.
import { defineCommand } from '../../spec.js';
import { API_VERSION_OPTION, COMPAT_FORCE, parseApiVersion, parsePolicyId } from '../../policies/policy-input.js';
import type { SubjectKind } from '../../policies/subject.js';
import { shown } from '../shared.js';
import { beginPolicy, forSubject, policyNotFound, showPolicy, subjectPolicy } from './shared.js';

export const POLICY_ID_ARG = { syntax: '<POLICY_ID>', description: 'ID of the policy' };

export function policyGet(kind: SubjectKind) {
  return defineCommand({
    name: `${kind.prefix}-policy`,
    summary: `Display an access policy of a ${kind.noun}`,
    args: [kind.arg, POLICY_ID_ARG],
    options: [API_VERSION_OPTION, COMPAT_FORCE],
    examples: [`iamkeys ${kind.prefix}-policy ${kind.example} 140798e2-8ea7-4c8b-b6b3-4e8d5b2a1c9f`],
    parse: (given) => ({ subject: given.arg(0), id: parsePolicyId(given.arg(1)), ...parseApiVersion(given) }),
    async run(ctx, { subject, id, version }) {
      const b = await beginPolicy(ctx, kind, subject, (w) => `Getting policy ${shown(ctx, id)} ${forSubject(ctx, kind, subject, w)}...`);
      const got = await subjectPolicy(b, version, id, () => policyNotFound(kind, id, subject));
      if (ctx.json) return ctx.ui.json(got.value);
      ctx.ui.ok();
      ctx.ui.say('');
      showPolicy(ctx, got.value, version, got.etag);
    },
  });
}
