// The console's session: the IAM access token, in sessionStorage only (gone with the tab; logging out removes
// it). Account and identity come from the token's claims, as the CLI reads them.

const KEY = 'iamkeys.console.token';

export interface Session {
  token: string;
  accountId: string;
  iamId: string;
  name: string;
}

interface Claims {
  iam_id?: string;
  name?: string;
  email?: string;
  account?: { bss?: string };
  exp?: number;
}

function claimsOf(token: string): Claims | undefined {
  try {
    const part = token.split('.')[1] ?? '';
    const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Claims;
  } catch {
    return undefined;
  }
}

export function currentSession(): Session | undefined {
  const token = sessionStorage.getItem(KEY);
  if (!token) return undefined;
  const c = claimsOf(token);
  if (!c?.iam_id || !c.account?.bss || (c.exp !== undefined && c.exp * 1000 <= Date.now())) {
    forgetSession();
    return undefined;
  }
  return { token, accountId: c.account.bss, iamId: c.iam_id, name: c.name ?? c.email ?? c.iam_id };
}

export function keepToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

export function forgetSession(): void {
  sessionStorage.removeItem(KEY);
}
