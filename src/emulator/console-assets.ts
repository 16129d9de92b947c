// The console's files (built into dist/console by scripts/bundle.mjs), answered by `iamkeys serve` at `/` and
// `/console/...`. The page is only a client of the API below it: no IAM rule lives here, and every other path
// goes on to the API handler. The CSP allows nothing but this origin, and no inline script or style.
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';

const FILES: Record<string, [file: string, type: string]> = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/console/app.js': ['app.js', 'text/javascript; charset=utf-8'],
  '/console/console.css': ['console.css', 'text/css; charset=utf-8'],
};

export const CONSOLE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
  + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// tsc puts this module in dist/emulator/, the bundle in dist/bundle/ or dist/bundle/chunks/: the assets are in
// dist/console/ next to either.
const CANDIDATE_DIRS = ['../console/', '../../console/'];
const cache = new Map<string, Buffer>();

function load(file: string): Buffer | undefined {
  const hit = cache.get(file);
  if (hit) return hit;
  for (const dir of CANDIDATE_DIRS) {
    try {
      const body = readFileSync(new URL(`${dir}${file}`, import.meta.url));
      cache.set(file, body);
      return body;
    } catch {
      // try the next place
    }
  }
  return undefined;
}

/** Answers a GET or HEAD of one of the console's files and returns true; false leaves the request to the API. */
export function serveConsoleAsset(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = (req.url ?? '/').split('?')[0]!;
  const entry = FILES[path];
  if (!entry) return false;
  const body = load(entry[0]);
  if (!body) return false;
  req.resume();
  res.writeHead(200, {
    'content-type': entry[1],
    'content-length': body.length,
    'content-security-policy': CONSOLE_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cache-control': 'no-cache',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}
