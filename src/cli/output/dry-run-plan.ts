// What --dry-run prints: the request the real run would have sent, with its secrets hidden. Text shows it as
// HTTP is written (method and path, headers, body); --output json prints it as one JSON document.
import { hideSecrets, type DryRunStop } from '../../client/dry-run.js';
import { safeText } from './safe.js';
import type { Ui } from './ui.js';

/** The headers that decide what the change does; the Authorization header is never shown. */
const SHOWN_HEADERS: [string, string][] = [['if-match', 'If-Match'], ['entity-lock', 'Entity-Lock']];

export interface DryRunPlan {
  dry_run: true;
  endpoint: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: unknown;
}

export function planOf(stop: DryRunStop): DryRunPlan {
  const req = stop.request;
  const headers: Record<string, string> = {};
  for (const [key, name] of SHOWN_HEADERS) if (req.headers[key] !== undefined) headers[name] = req.headers[key];
  let body: unknown;
  if (req.body !== undefined) {
    try {
      body = hideSecrets(JSON.parse(req.body));
    } catch {
      body = '<not JSON>';
    }
  }
  return { dry_run: true, endpoint: stop.endpoint, method: req.method, path: req.path, headers, ...(body !== undefined ? { body } : {}) };
}

export function showPlan(ui: Ui, stop: DryRunStop): void {
  const plan = planOf(stop);
  if (ui.opts.json) return ui.json(plan);
  ui.say(`Dry run: nothing was changed. The real run would send to ${plan.endpoint === 'local' ? 'the local IAM' : plan.endpoint}:`);
  const lines = [`${plan.method} ${plan.path}`, ...Object.entries(plan.headers).map(([k, v]) => `${k}: ${safeText(v)}`)];
  if (plan.body !== undefined) lines.push('', JSON.stringify(plan.body, null, 2));
  ui.data(`${lines.join('\n')}\n`);
}
