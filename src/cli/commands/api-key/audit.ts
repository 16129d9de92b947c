import { audit, type Finding } from '../../keys/audit.js';
import { defineCommand } from '../../spec.js';
import { AUDIT_OPTIONS, parseAuditRules, reportFindings } from '../service-api-key/audit.js';
import { begin } from '../shared.js';

const COLUMNS = ['ID', 'Name', 'User', 'Reasons', 'Created At', 'Last Used', 'Expires At', 'Rotation'];

/** A finding about a user's key: whose key it is (the user's iam_id) in place of a service ID. */
type UserFinding = Omit<Finding, 'service_id'> & { iam_id: string };

export const userKeysAudit = defineCommand({
  name: 'api-keys-audit',
  summary: 'Find your API keys (or with --all every user\'s) that are old, unused or about to expire; exit 8 when there is any',
  args: [],
  options: [
    { flags: '-a, --all', description: "Audit every user's API keys of the account (needs Administrator on IAM Identity)" },
    ...AUDIT_OPTIONS,
  ],
  examples: ['iamkeys api-keys-audit --older-than 90d', 'iamkeys api-keys-audit -a --unused-for 30d --output json'],
  parse: (given) => ({ all: given.bool('all'), rules: parseAuditRules(given) }),
  async run(ctx, { all, rules }) {
    const { client, accountId } = await begin(ctx, (w) => (all
      ? `Auditing all users' API keys of the account ${w.where}...`
      : `Auditing your API keys ${w.where}...`));
    const pages = all
      ? client.userKeysOfAccount(accountId, { activity: true })
      : client.apiKeysOf(accountId, (await client.auth.identity()).iamId, { activity: true });
    const { checked, findings } = await audit(client, pages, rules, Date.now());
    const mine: UserFinding[] = findings.map(({ service_id: iamId, ...f }) => ({ ...f, iam_id: iamId }));
    reportFindings(ctx, mine, checked, COLUMNS, (f) => [f.id, f.name, f.iam_id, f.reasons.join(', '), f.created_at, f.last_used ?? '-', f.expires_at ?? '-', f.rotation ?? '-']);
  },
});
