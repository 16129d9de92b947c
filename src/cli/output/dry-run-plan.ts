// What --dry-run prints: the request the real run would have sent (and those after it, where known), with its
// secrets hidden. Text shows it as HTTP is written (method and path, headers, body); --output json prints it as
// one JSON document.
import { hideSecrets, type DryRunStop } from '../../client/dry-run.js';
import type { HttpRequest } from '../../client/transport.js';
import { safeJson, safeText } from './safe.js';
import type { Ui } from './ui.js';

/** The headers that decide what the change does; the Authorization header is never shown. */
const SHOWN_HEADERS: [string, string][] = [['if-match', 'If-Match'], ['entity-lock', 'Entity-Lock']];

interface PlannedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: unknown;
}

export interface DryRunPlan extends PlannedRequest {
  dry_run: true;
  endpoint: string;
  /** The changes after the first, when the command knows them. */
  then?: PlannedRequest[];
}

function planned(req: HttpRequest): PlannedRequest {
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
  return { method: req.method, path: req.path, headers, ...(body !== undefined ? { body } : {}) };
}

export function planOf(stop: DryRunStop): DryRunPlan {
  return {
    dry_run: true, endpoint: stop.endpoint, ...planned(stop.request),
    ...(stop.then.length > 0 ? { then: stop.then.map(planned) } : {}),
  };
}

/** The request as HTTP is written; the path (ids read from IAM) and the body (names, as IAM gave them) escaped. */
function requestText(r: PlannedRequest): string[] {
  const lines = [`${r.method} ${safeText(r.path)}`, ...Object.entries(r.headers).map(([k, v]) => `${k}: ${safeText(v)}`)];
  if (r.body !== undefined) lines.push('', safeJson(r.body));
  return lines;
}

export function showPlan(ui: Ui, stop: DryRunStop): void {
  const plan = planOf(stop);
  if (ui.opts.json) return ui.json(plan);
  ui.say(`Dry run: nothing was changed. The real run would send to ${plan.endpoint === 'local' ? 'the local IAM' : safeText(plan.endpoint)}:`);
  const lines = requestText(plan);
  for (const next of plan.then ?? []) lines.push('', 'Then:', ...requestText(next));
  ui.data(`${lines.join('\n')}\n`);
}
