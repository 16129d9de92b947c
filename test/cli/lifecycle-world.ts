// One IAM per transport for the key life-cycle tests: the embedded local IAM of a fresh IAMKEYS_HOME, or a
// served IAM on 127.0.0.1:0 reached over HTTP. Each offers the same four things: run the CLI against it,
// exchange a key value for a token at its token endpoint, move a key's times into the past (what waiting
// would do), and close.
import { openLocalIam } from '../../src/emulator/index.js';
import { storePath } from '../../src/cli/state/home.js';
import type { IamHandler } from '../../src/emulator/handler.js';
import type { Store } from '../../src/emulator/store.js';
import { ok, type CliResult } from '../helpers/cli.js';
import { runCli, tempHome, type RunOptions } from '../helpers/run-cli.js';
import { remoteEnv, startTestIam, type TestIam } from '../remote/iam-server.js';

export type TransportName = 'local' | 'serve';

export interface TokenAnswer {
  status: number;
  errorCode?: string;
}

export interface World {
  name: TransportName;
  home: string;
  /** Set for 'serve'. */
  iam?: TestIam;
  run(argv: string[], o?: Omit<RunOptions, 'home' | 'env'>): Promise<CliResult>;
  ok(argv: string[]): Promise<CliResult>;
  token(apikey: string): Promise<TokenAnswer>;
  /** Sets a key's created_at / modified_at / last_authn / expires_at (ms), as time passing would. */
  age(keyId: string, fields: Partial<Record<'created_at' | 'modified_at' | 'last_authn' | 'expires_at', number>>): void;
  close(): Promise<void>;
}

const TOKEN_BODY = (apikey: string): string =>
  new URLSearchParams({ grant_type: 'urn:ibm:params:oauth:grant-type:apikey', apikey }).toString();

function answerOf(status: number, body: string): TokenAnswer {
  if (status === 200) return { status };
  return { status, errorCode: (JSON.parse(body) as { errorCode?: string }).errorCode };
}

function setTimes(store: Store, keyId: string, fields: Record<string, number>): void {
  for (const [field, ms] of Object.entries(fields)) {
    store.write(() => store.db.prepare(`UPDATE apikeys SET ${field} = ? WHERE id = ?`).run(ms, keyId));
  }
}

export async function openWorld(name: TransportName): Promise<World> {
  const home = tempHome(`iamkeys-lifecycle-${name}-`);
  if (name === 'local') {
    const withLocal = <T>(fn: (h: IamHandler, s: Store) => T): T => {
      const local = openLocalIam({ path: storePath(home) });
      try {
        return fn(local.handler, local.store);
      } finally {
        local.close();
      }
    };
    return {
      name, home,
      run: (argv, o = {}) => runCli(argv, { home, ...o }),
      ok: (argv) => ok(argv, home),
      async token(apikey) {
        return withLocal((h) => {
          const r = h.handle({ method: 'POST', url: '/identity/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: TOKEN_BODY(apikey) });
          return answerOf(r.status, r.body);
        });
      },
      age: (keyId, fields) => withLocal((_h, s) => setTimes(s, keyId, fields)),
      close: async () => {},
    };
  }
  const iam = await startTestIam();
  const env = remoteEnv(iam);
  return {
    name, home, iam,
    run: (argv, o = {}) => runCli(argv, { home, env, ...o }),
    ok: (argv) => ok(argv, home, { env }),
    async token(apikey) {
      const r = await fetch(`${iam.url}/identity/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: TOKEN_BODY(apikey) });
      return answerOf(r.status, await r.text());
    },
    age: (keyId, fields) => {
      // The served IAM writes noted token exchanges within 100 ms; written first, they cannot land on top.
      iam.store.flushActivity();
      setTimes(iam.store, keyId, fields);
    },
    close: () => iam.close(),
  };
}
