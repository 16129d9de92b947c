import type { Context } from '../../context.js';
import { DEFAULT_RULES, audit, type AuditRules } from '../../keys/audit.js';
import { CliError } from '../../errors.js';
import { Exit } from '../../exit-codes.js';
import { parseDuration } from '../../input/flags.js';
import { orNotFound, serviceIdKeyPages, serviceIdNotFound } from '../../resolve.js';
import { defineCommand, type Given, type OptionSpec } from '../../spec.js';
import { begin, serviceIdOrAll, shown } from '../shared.js';

const COLUMNS = ['ID', 'Name', 'Service ID', 'Reasons', 'Created At', 'Last Used', 'Expires At', 'Rotation'];

/** The thresholds of an audit (service ID keys' and user keys' alike); none given: the defaults. */
export const AUDIT_OPTIONS: OptionSpec[] = [
  { flags: '--older-than <DURATION>', description: `Created longer ago than DURATION (min, h, d, w; default ${DEFAULT_RULES.olderThan} when no threshold is given)` },
  { flags: '--unused-for <DURATION>', description: `No token for DURATION, or never (default ${DEFAULT_RULES.unusedFor})` },
  { flags: '--expiring-within <DURATION>', description: `Expires within DURATION (default ${DEFAULT_RULES.expiringWithin})` },
  { flags: '--include-disabled', description: 'Audit the keys that get no token too (disabled or expired); an expired key is then a finding' },
];

export function parseAuditRules(given: Given): AuditRules {
  const limits = { olderThan: given.str('olderThan'), unusedFor: given.str('unusedFor'), expiringWithin: given.str('expiringWithin') };
  const any = Object.values(limits).some((v) => v !== undefined);
  const pick = (k: keyof typeof limits, flag: string): number | undefined => {
    const v = any ? limits[k] : DEFAULT_RULES[k];
    return v === undefined ? undefined : parseDuration(v, flag);
  };
  return {
    olderThanMs: pick('olderThan', '--older-than'), unusedForMs: pick('unusedFor', '--unused-for'),
    expiringWithinMs: pick('expiringWithin', '--expiring-within'), includeDisabled: given.bool('includeDisabled'),
  };
}

/**
 * The findings, as a table or JSON, and exit 8 when there is any (a pipeline gate). A predecessor a rotation is
 * retiring is listed (so the list tells it from its successor) but is no finding.
 */
export function reportFindings<F extends { retiring: boolean }>(ctx: Context, findings: F[], checked: number, columns: string[], cells: (f: F) => string[]): void {
  if (ctx.json) ctx.ui.json(findings);
  else if (findings.length > 0) ctx.ui.table(columns, findings.map(cells));
  const failing = findings.filter((f) => !f.retiring).length;
  const retiring = findings.length - failing;
  if (failing > 0) {
    throw new CliError(Exit.findings, `${failing} of ${checked} API ${checked === 1 ? 'key needs' : 'keys need'} attention (exit ${Exit.findings})${retiring > 0 ? `; ${retiring} more ${retiring === 1 ? 'is' : 'are'} being retired by a rotation` : ''}.`);
  }
  if (!ctx.json) ctx.ui.ok(`No API key needs attention (${checked} checked${retiring > 0 ? `; ${retiring} being retired by a rotation` : ''}).`);
}

export const apiKeysAudit = defineCommand({
  name: 'service-api-keys-audit',
  summary: 'Find service ID API keys that are old, unused or about to expire; exit 8 when there is any',
  args: [{ syntax: '[SERVICE_ID]', description: 'Name or UUID of the service ID' }],
  options: [
    { flags: '-a, --all', description: 'Audit the API keys of all service IDs' },
    ...AUDIT_OPTIONS,
  ],
  examples: [
    'iamkeys service-api-keys-audit -a --older-than 90d --expiring-within 14d',
    'iamkeys service-api-keys-audit ci-deployer --unused-for 30d --output json',
  ],
  parse: (given) => ({ sid: serviceIdOrAll(given, 'audit'), rules: parseAuditRules(given) }),
  async run(ctx, { sid: sidArg, rules }) {
    const { client, accountId: account } = await begin(ctx, (w) => (sidArg === undefined
      ? `Auditing all service ID API keys ${w.where}...`
      : `Auditing the API keys of service ID ${shown(ctx, sidArg)} ${w.where}...`));
    const pages = await serviceIdKeyPages(client, account, sidArg, { activity: true });
    const { checked, findings } = await orNotFound(() => audit(client, pages, rules, Date.now()), () => serviceIdNotFound(sidArg ?? ''));
    reportFindings(ctx, findings, checked, COLUMNS, (f): string[] => [f.id, f.name, f.service_id, f.reasons.join(', '), f.created_at, f.last_used ?? '-', f.expires_at ?? '-', f.rotation ?? '-']);
  },
});
