// The one place that knows there are two transports: it builds the IAM client for where commands go,
// the embedded local IAM (default) or a remote IAM after `iamkeys login`.
import type { Authenticator } from '../client/auth.js';
import { IamClient } from '../client/iam-client.js';
import { openLocalIam } from '../client/in-process.js';
import type { Transport } from '../client/transport.js';
import { storePath } from './home.js';
import type { Settings } from './settings.js';
import { CliError } from './errors.js';
import { Exit } from './exit-codes.js';
import { StoreError } from '../emulator/store.js';

export interface ClientSetup {
  home: string;
  settings: Settings;
  env: Record<string, string | undefined>;
}

export function buildClient(setup: ClientSetup): IamClient {
  let transport: Transport;
  let auth: Authenticator;
  if (setup.settings.mode === 'remote') {
    throw new CliError(Exit.failure, 'Remote IAM sessions are not available in this build. Run iamkeys login --local.');
  }
  try {
    const local = openLocalIam(storePath(setup.home));
    transport = local.transport;
    auth = local.owner;
  } catch (err) {
    if (err instanceof StoreError) {
      throw new CliError(Exit.failure, `${err.message}. If the file is damaged, move it aside (a new store is made on the next command) or restore it from a backup.`);
    }
    throw err;
  }
  return new IamClient(transport, auth);
}
