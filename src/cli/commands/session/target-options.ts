// ibmcloud's targeting options as `login` and `target` take them: -r, -g, -c are checked and recorded (IAM is
// global, so they change nothing but what `target` shows); options with no meaning here are accepted and named
// in one line on stderr; options that need a person or a browser are refused with a sentence.
import type { Identity } from '../../../client/auth.js';
import { CliError, usageError } from '../../errors.js';
import { Exit } from '../../exit-codes.js';
import { safeText } from '../../output/safe.js';
import type { TargetChoice } from '../../state/settings.js';
import type { Given, OptionSpec } from '../../spec.js';
import type { Context } from '../../context.js';

export const REGION_OPTION: OptionSpec = { flags: '-r, --region <REGION>', description: 'Region to target, e.g. us-south (recorded for target; IAM is global)' };
export const GROUP_OPTION: OptionSpec = { flags: '-g <RESOURCE_GROUP>', description: 'Resource group to target, by name or ID (recorded for target)' };
export const ACCOUNT_OPTION: OptionSpec = { flags: '-c, --account <ACCOUNT_ID>', description: "Account to target: must be the API key's own account" };

/** A region name as IBM Cloud writes them: us-south, eu-de, jp-tok, br-sao. */
const REGION = /^[a-z]{2,}(-[a-z0-9]+)+$/;
/** A resource group name (letters, digits, spaces, - and _; at most 40) or a group ID (32 hex). */
const GROUP = /^[A-Za-z0-9 _-]{1,40}$/;
const ACCOUNT = /^[0-9a-f]{32}$/;

export function checkRegion(v: string): string {
  if (v.length > 32 || !REGION.test(v)) throw usageError(`'${safeText(v)}' is not a region name. Give one such as us-south, eu-de or jp-tok.`);
  return v;
}

export function checkGroup(v: string): string {
  if (!GROUP.test(v) || v.trim() === '') {
    throw usageError(`'${safeText(v)}' is not a resource group name or ID (letters, digits, spaces, - and _, at most 40).`);
  }
  return v;
}

export function checkAccount(v: string): string {
  if (!ACCOUNT.test(v)) throw usageError(`'${safeText(v)}' is not an account ID (32 hexadecimal digits).`);
  return v;
}

/** -c must name the account the key belongs to: an API key cannot switch accounts. */
export function checkAccountOf(wanted: string | undefined, id: Identity): void {
  if (wanted !== undefined && wanted !== id.accountId) {
    throw new CliError(Exit.auth, `The API key belongs to account ${safeText(id.accountId)}; it cannot target account ${wanted}. Use a key of that account.`);
  }
}

/**
 * The targeting options given: undefined where not given, null where unset (--no-region, --unset-...). The account
 * is checked, not recorded: it is always the one of the key.
 */
export interface TargetFlags {
  region?: string | null;
  resourceGroup?: string | null;
  accountId?: string | null;
}

export function readTargetFlags(given: Given, unsetGroup: boolean): TargetFlags {
  const out: TargetFlags = {};
  const region = given.str('region');
  const group = given.str('g');
  const account = given.str('account');
  if (given.negated('region') || given.bool('unsetRegion')) out.region = null;
  else if (region !== undefined) out.region = checkRegion(region);
  if (unsetGroup) out.resourceGroup = null;
  else if (group !== undefined) out.resourceGroup = checkGroup(group);
  if (given.negated('account')) out.accountId = null;
  else if (account !== undefined) out.accountId = checkAccount(account);
  return out;
}

/** The recorded choice with these flags applied. */
export function applyTargetFlags(base: TargetChoice, f: TargetFlags): TargetChoice {
  const next: TargetChoice = { ...base };
  for (const k of ['region', 'resourceGroup'] as const) {
    const v = f[k];
    if (v === null) delete next[k];
    else if (v !== undefined) next[k] = v;
  }
  return next;
}

/** Names, on one stderr line, the options given that mean nothing here (`Given.flagsGiven`). */
export function noteIgnored(ctx: Context, flags: string[]): void {
  if (flags.length > 0) ctx.ui.warn(`Ignored (no meaning for iamkeys): ${flags.join(', ')}.`);
}
