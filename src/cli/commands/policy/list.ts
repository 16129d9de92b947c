// `<kind>-policies SUBJECT`: the subject's access policies, page after page. Text: a block a policy, and
// `No policy found` as line 3 when there is none (scripts test `awk 'NR==3'`); JSON: an array of IBM's objects.
import { defineCommand } from '../../spec.js';
import { API_VERSION_OPTION, COMPAT_FORCE, parseApiVersion } from '../../policies/policy-input.js';
import type { SubjectKind } from '../../policies/subject.js';
import { safeJson } from '../../output/safe.js';
import { beginPolicy, forSubject, showPolicy } from './shared.js';

const indent = (s: string): string => s.replace(/^/gm, '  ');

export function policyList(kind: SubjectKind) {
  return defineCommand({
    name: `${kind.prefix}-policies`,
    summary: `List the access policies of a ${kind.noun}`,
    args: [kind.arg],
    options: [API_VERSION_OPTION, COMPAT_FORCE],
    examples: [`iamkeys ${kind.prefix}-policies ${kind.example}`, `iamkeys ${kind.prefix}-policies ${kind.example} --output json | jq length`],
    parse: (given) => ({ subject: given.arg(0), ...parseApiVersion(given) }),
    async run(ctx, { subject, version }) {
      const b = await beginPolicy(ctx, kind, subject, (w) => `Getting policies ${forSubject(ctx, kind, subject, w)}...`);
      const pages = b.policies.policies(version, { account_id: b.accountId, iam_id: b.iamId, type: 'access' });
      let count = 0;
      if (ctx.json) {
        // Streamed item by item, as the other lists: a long listing is never one big string.
        for await (const page of pages) {
          let chunk = '';
          for (const p of page) chunk += `${count++ === 0 ? '[\n' : ',\n'}${indent(safeJson(p))}`;
          if (chunk) ctx.ui.data(chunk);
        }
        return ctx.ui.data(count === 0 ? '[]\n' : '\n]\n');
      }
      // Text waits for the last page, so that a failure midway prints FAILED and no OK.
      const found = [];
      for await (const page of pages) found.push(...page);
      ctx.ui.ok();
      if (found.length === 0) return ctx.ui.say('No policy found');
      for (const p of found) {
        ctx.ui.data('\n');
        showPolicy(ctx, p, version);
      }
    },
  });
}
