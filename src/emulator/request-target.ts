// The path and query of a request's target, as every route reads them.
import { IamError } from './errors.js';

// A path of IAM's routes with no query: taken as it is, without the URL parser (which gives the same for it).
// Not `//...`, which the parser reads as a host.
const PLAIN_PATH = /^\/(?!\/)[A-Za-z0-9_\-/]*$/;

/** The request target's path (without trailing slashes) and query; one that does not parse (`//`, `http://[`) is the client's error, not a crash. */
export function requestTarget(target: string): { path: string; query: URLSearchParams } {
  let url: URL | undefined;
  if (!PLAIN_PATH.test(target)) {
    try {
      url = new URL(target, 'http://local');
    } catch {
      throw new IamError(400, 'invalid_request', 'BXNIM0106E', 'The request target is not a valid path', undefined);
    }
  }
  const path = (url ? url.pathname : target).replace(/\/+$/, '') || '/';
  return { path, query: url ? url.searchParams : new URLSearchParams() };
}
