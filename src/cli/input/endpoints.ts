// Where an endpoint given as ibmcloud takes it (`login -a`, IAMKEYS_IAM_ENDPOINT) sends requests.
// ibmcloud's `-a` names the platform's API endpoint, a bare host or a URL (cloud.ibm.com, private.cloud.ibm.com,
// test.cloud.ibm.com, the legacy api.<region>.bluemix.net); each has its own IAM. Any other URL is an IAM itself
// (a `serve` URL, iam.cloud.ibm.com, a private IAM) and is used as is.
import { usageError } from '../errors.js';
import { safeText } from '../output/safe.js';

export interface Endpoint {
  /** The IAM that requests go to, without a trailing slash. */
  iam: string;
  /** What `target` shows as the API endpoint (ibmcloud's `api_endpoint`). */
  api: string;
}

const PLATFORMS: Record<string, string> = {
  'cloud.ibm.com': 'https://iam.cloud.ibm.com',
  'private.cloud.ibm.com': 'https://private.iam.cloud.ibm.com',
  'test.cloud.ibm.com': 'https://iam.test.cloud.ibm.com',
  'private.test.cloud.ibm.com': 'https://private.iam.test.cloud.ibm.com',
};

/** api.ng.bluemix.net, api.eu-gb.bluemix.net...: the old Bluemix names of IBM Cloud's public API endpoint. */
const LEGACY_BLUEMIX = /^api(\.[a-z0-9-]+)?\.bluemix\.net$/;

/** This machine: `localhost`, 127/8 and ::1 only. A name under `.localhost` goes to the system resolver,
 *  which may send it anywhere, so it is not trusted as this machine. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Parses an endpoint as `login -a` takes it; `from` names where it came from, for the error. */
export function parseEndpoint(raw: string, from: string): Endpoint {
  const text = raw.trim();
  const shown = safeText(raw);
  const bad = (why: string) => usageError(`${from} '${shown}' ${why}. Give a host such as cloud.ibm.com or a URL such as http://127.0.0.1:8099.`);
  if (text === '' || /\s/.test(text)) throw bad('is not an endpoint');
  // `http:/host` or `https:host` would otherwise read as a host named `http`: a scheme must be followed by `//`.
  if (/^[a-z][a-z0-9+.-]*:(?!\/\/)/i.test(text) && !/^[^:/]+:\d+(\/|$)/.test(text)) throw bad('has a scheme without //');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw bad('is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw bad('is not an http(s) URL');
  if (url.hostname === '') throw bad('has no host');
  if (url.username !== '' || url.password !== '') throw bad('holds a user name or password');
  if (url.search !== '' || url.hash !== '') throw bad('has a query or a fragment');
  const host = url.hostname.toLowerCase();
  const path = url.pathname.replace(/\/+$/, '');
  if (path === '' && url.port === '') {
    const platform = PLATFORMS[host];
    if (platform) return { iam: platform, api: `https://${host}` };
    if (LEGACY_BLUEMIX.test(host)) return { iam: PLATFORMS['cloud.ibm.com']!, api: 'https://cloud.ibm.com' };
  }
  const iam = `${url.protocol}//${url.host}${path}`;
  return { iam, api: iam };
}

/** True when the key would cross the network in clear text: http:// to a host other than this machine. */
export function isCleartextRemote(iam: string): boolean {
  const url = new URL(iam);
  return url.protocol === 'http:' && !isLoopbackHost(url.hostname);
}

/** Two spellings of one IAM endpoint compare equal (case of scheme and host, trailing slashes). */
export function sameEndpoint(a: string, b: string): boolean {
  const norm = (s: string): string => {
    if (s === 'local') return s;
    try {
      const u = new URL(s);
      return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
    } catch {
      return s.replace(/\/+$/, '');
    }
  };
  return norm(a) === norm(b);
}
