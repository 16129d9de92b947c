// The hidden commands behind the completion scripts. `iamkeys __complete [--shell S] [--text T] COMMAND WORD... CURRENT`
// prints, one a line, what the positional argument under the cursor may be: names of service IDs or API keys of
// the current target, or the argument's fixed values. (Commands, flags and flag values are in the scripts.)
// `iamkeys __complete-refresh` fills the remote names cache. Both print nothing and exit 0 on any failure: a
// completion never shows an error at the prompt.
import { buildClient, resolveTarget, type ClientSetup } from '../client-factory.js';
import type { RunDeps } from '../context.js';
import { Exit, type ExitCode } from '../exit-codes.js';
import { existsSync } from 'node:fs';
import { existingHome, homeDir, settingsPath, storePath } from '../state/home.js';
import type { SessionTokens } from '../../client/grants.js';
import { DEFAULT_SETTINGS, readSettings, writeSettings } from '../state/settings.js';
import { COMMANDS } from '../commands/index.js';
import type { KnownNames } from '../../emulator/names.js';
import { Ui } from '../output/ui.js';
import { bashQuoteFor, bashQuotingAt, bashUnquote } from './quote.js';
import { cachedPolicyNamesOf, completable, knownNames, writeNamesCache } from './names.js';
import { cachedPolicyNames, fetchPolicyNames, livePolicyNames, type PolicyNameKind } from './policy-names.js';
import { commandTree, type ArgKind, type CommandNode } from './tree.js';

/** The home and settings as other commands check them (the home the user's own, no file through a link); a home
 *  that fails a check gives no names. */
function setup(deps: RunDeps): ClientSetup | undefined {
  const env = deps.io.env;
  const home = existingHome(homeDir(env));
  if (home === undefined) return undefined;
  const path = settingsPath(home);
  // A person's session renewed by a background refresh is kept, as any command keeps it: its refresh token may
  // not work twice.
  const keepSessionTokens = (tokens: SessionTokens): void => {
    try {
      const s = readSettings(path);
      if (s?.remote?.tokens) writeSettings(path, { ...s, remote: { ...s.remote, tokens } });
    } catch {
      // the next command logs in again at worst
    }
  };
  return { home, settings: readSettings(path) ?? DEFAULT_SETTINGS, env, stderr: { write: () => true }, keepSessionTokens };
}

/** The script this process runs, when it is iamkeys: the background refresh runs the same one. */
function ownBin(): string | undefined {
  const bin = process.argv[1];
  return bin && /iamkeys(\.js)?$/.test(bin) ? bin : undefined;
}

/** The positional arguments before the cursor: flags and their values skipped. */
function positionals(cmd: CommandNode, words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '--') return out.concat(words.slice(i + 1));
    if (w.startsWith('-') && w.length > 1) {
      const flag = cmd.flags.find((f) => f.long === w || f.short === w);
      if (flag?.takesValue) i++;
      continue;
    }
    out.push(w);
  }
  return out;
}

function candidates(kind: Exclude<ArgKind, 'policy'>, before: string[], names: () => KnownNames): string[] {
  if (kind === 'none') return [];
  if (typeof kind === 'object') return kind.choices;
  const n = names();
  if (kind === 'api-key') return [...new Set(n.apiKeys.map((k) => k.name))];
  if (kind === 'user-key') return [...new Set(n.userKeys ?? [])];
  // After a key's name, the service IDs that hold a key of that name come first (all of them if none does).
  const key = before[before.length - 1];
  const holding = key !== undefined ? n.apiKeys.filter((k) => k.name === key).map((k) => k.serviceId) : [];
  return [...new Set(holding.length ? holding : n.serviceIds)];
}

/** What bash is to insert for each name: bash replaces only the end of the current word (`replaced`), and inserts
 *  it as given, so each name is answered from there on, quoted for where that end stands (bare, '…' or "…"). */
function forBash(names: string[], current: string, replaced: string | undefined): string[] {
  const kept = replaced !== undefined && current.endsWith(replaced) ? current.slice(0, current.length - replaced.length) : '';
  const keptValue = bashUnquote(kept);
  const at = bashQuotingAt(kept);
  return names.filter((n) => n.startsWith(keptValue)).map((n) => bashQuoteFor(at, n.slice(keptValue.length)));
}

export async function runComplete(argv: string[], deps: RunDeps): Promise<ExitCode> {
  try {
    let shell = 'plain';
    let words = argv;
    if (words[0] === '--shell') {
      shell = words[1] ?? 'plain';
      words = words.slice(2);
    }
    // bash: the part of the current word that bash replaces (its `$2`); the rest stays on the line.
    let replaced: string | undefined;
    if (words[0] === '--text') {
      replaced = words[1] ?? '';
      words = words.slice(2);
    }
    if (words[0] === 'iam') words = words.slice(1);
    const [name, ...rest] = words;
    const current = rest.pop();
    const spec = COMMANDS.find((c) => c.name === name);
    if (!spec || current === undefined) return Exit.ok;
    const cmd = commandTree([spec])[0]!;
    const typed = shell === 'bash' ? rest.map(bashUnquote) : rest;
    const before = positionals(cmd, typed);
    const last = typed[typed.length - 1];
    const valueOf = last === undefined ? undefined : cmd.flags.find((f) => f.dynamic && (f.long === last || f.short === last));
    const kind = valueOf?.dynamic ?? cmd.args[before.length];
    if (!kind) return Exit.ok;
    const s = setup(deps);
    let prefix = shell === 'bash' ? bashUnquote(current) : current;
    // A comma-separated value (--roles Reader,Wr): the names complete the part after the last comma.
    const head = kind === 'role' && prefix.includes(',') ? prefix.slice(0, prefix.lastIndexOf(',') + 1) : '';
    prefix = prefix.slice(head.length);
    const found = kind === 'policy' || kind === 'role' || kind === 'service'
      ? await policyCandidates(kind, s, spec.name, typed, before)
      : candidates(kind, before, () => (s ? knownNames(s, ownBin()) : { serviceIds: [], apiKeys: [] }));
    let shown = found.filter((c) => completable(c) && c.startsWith(prefix)).map((c) => head + c);
    if (shell === 'bash') shown = forBash(shown, current, replaced);
    if (shown.length) new Ui(deps.io, { json: false, quiet: true, color: false }).data(`${shown.join('\n')}\n`);
  } catch {
    // nothing completed rather than an error at the prompt
  }
  return Exit.ok;
}

/** Policy IDs, role and service names: asked of the local IAM now, or read from a remote IAM's cache. */
async function policyCandidates(kind: PolicyNameKind, s: ClientSetup | undefined, command: string, typed: string[], before: string[]): Promise<string[]> {
  if (!s) return [];
  if (resolveTarget(s).kind !== 'local') return cachedPolicyNames(kind, cachedPolicyNamesOf(s, ownBin()), before);
  // A local IAM not made yet has no names, and completing is no reason to make it.
  if (s.home === undefined || !existsSync(storePath(s.home))) return [];
  const client = await buildClient(s);
  try {
    return await livePolicyNames(kind, client, command, typed, before);
  } finally {
    await client.transport.close();
  }
}

export async function runCompleteRefresh(deps: RunDeps): Promise<ExitCode> {
  try {
    const s = setup(deps);
    if (!s) return Exit.ok;
    const client = await buildClient(s);
    try {
      const account = (await client.auth.identity()).accountId;
      const sidNames = new Map<string, string>();
      for await (const page of client.serviceIds(account)) for (const sid of page) sidNames.set(sid.iam_id, sid.name);
      const apiKeys: KnownNames['apiKeys'] = [];
      for await (const page of client.serviceIdKeysOfAccount(account)) {
        for (const k of page) {
          const sid = sidNames.get(k.iam_id);
          if (sid !== undefined) apiKeys.push({ name: k.name, serviceId: sid });
        }
      }
      const userKeys: string[] = [];
      for await (const page of client.apiKeysOf(account, (await client.auth.identity()).iamId)) userKeys.push(...page.map((k) => k.name));
      // Policies are IAM's other API: an IAM without it still gets its service IDs and keys completed.
      const policyNames = await fetchPolicyNames(client, account, sidNames).catch(() => undefined);
      if (s.home !== undefined) {
        writeNamesCache(s.home, resolveTarget(s).endpoint, { serviceIds: [...sidNames.values()], apiKeys, userKeys }, Date.now(), policyNames);
      }
    } finally {
      await client.transport.close();
    }
  } catch {
    // the next TAB tries again
  }
  return Exit.ok;
}
