// The console's files (built into dist/console by scripts/bundle.mjs), answered by `iamkeys serve` at `/` and
// `/console/...`. The page is only a client of the API below it: no IAM rule lives here, and every other path
// goes on to the API handler. The CSP allows nothing but this origin, and no inline script or style.
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';

const FILES: Record<string, [file: string, type: string]> = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  // The page `login --sso` sends a person to (passcode_endpoint): the console, which shows a one-time code there.
  '/identity/passcode': ['index.html', 'text/html; charset=utf-8'],
  '/console/app.js': ['app.js', 'text/javascript; charset=utf-8'],
  '/console/console.css': ['console.css', 'text/css; charset=utf-8'],
};

export const CONSOLE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
  + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// tsc puts this module in dist/emulator/, the bundle in dist/bundle/ or dist/bundle/chunks/: the assets are in
// dist/console/ next to either. The built script marks the folder (run from src/, there is none: no console).
const CANDIDATE_DIRS = ['../console/', '../../console/'];
let dir: URL | null | undefined;
const cache = new Map<string, Buffer>();

function consoleDir(): URL | null {
  if (dir === undefined) {
    dir = CANDIDATE_DIRS.map((d) => new URL(d, import.meta.url)).find((u) => existsSync(new URL('app.js', u))) ?? null;
  }
  return dir;
}

function load(file: string): Buffer | undefined {
  const base = consoleDir();
  if (!base) return undefined;
  let body = cache.get(file);
  if (!body) {
    try {
      body = readFileSync(new URL(file, base));
    } catch {
      return undefined;
    }
    cache.set(file, body);
  }
  return body;
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
