// The body of `iamkeys serve`, loaded only when it runs (node:http and the server cost start-up time).
import { openLocalIam } from '../../emulator/index.js';
import { ownerKey } from '../../emulator/owner-key.js';
import { startServer } from '../../emulator/server.js';
import { StoreError } from '../../emulator/store-error.js';
import { FaultSpecError, faultHook } from '../../emulator/faults.js';
import { readApiKey } from '../state/apikey-source.js';
import { isLoopbackHost } from '../input/endpoints.js';
import { CliError, usageError } from '../errors.js';
import { Exit } from '../exit-codes.js';
import { storePath } from '../state/home.js';
import { checkKeyFile, writeKeyFile } from '../state/key-file.js';
import type { Context } from '../context.js';
import type { ServeOptions } from './serve.js';
import { describeStoreError } from '../output/store-failure.js';
import { isAddressInUse, osErrorText } from '../output/os-error.js';

/** The key already in --apikey-file (the JSON --file writes, or plain text), if the file holds one. */
function existingKey(path: string): string | undefined {
  try {
    return readApiKey(`@${path}`, '--apikey-file');
  } catch {
    return undefined;
  }
}

export async function runServe(ctx: Context, { host, port, store, memory, tokenTtl: ttl, apikeyFile: keyFile, faults }: ServeOptions): Promise<void> {
  const keyTarget = keyFile !== undefined ? checkKeyFile(keyFile, '--apikey-file') : undefined;
  let hook;
  try {
    hook = faults !== undefined ? faultHook(faults) : undefined;
  } catch (err) {
    if (err instanceof FaultSpecError) throw usageError(err.message);
    throw err;
  }
  const path = memory ? ':memory:' : (store ?? storePath(ctx.home()));
  const iam = openLocalIam({ path, tokenTtl: ttl });
  const { account, engine, handler } = iam;
  try {
    if (keyTarget) {
      const key = ownerKey(engine, account, existingKey(keyTarget.path));
      if (key) writeKeyFile(keyTarget, key);
    }
    let running;
    try {
      // A request the store failed under is answered 500 (saying so); the operator reads here which file and why.
      running = await startServer(handler, host, port, hook, (err) => {
        if (err instanceof StoreError) ctx.ui.error(describeStoreError(err)); // -q does not hide a failure
      });
    } catch (err) {
      if (isAddressInUse(err)) {
        throw new CliError(Exit.failure, `Cannot listen on ${host}:${port}: port ${port} is in use. Stop the other server, or pass --port (0 picks a free one).`);
      }
      throw new CliError(Exit.failure, `Cannot listen on ${host}:${port}: ${osErrorText(err)}.`);
    }
    ctx.ui.data(`${running.url}\n`);
    if (!isLoopbackHost(host)) {
      ctx.ui.caution(`Listening on ${host}, not only on this machine: anyone who reaches ${running.url} can ask this IAM for tokens, over plain http.`);
    }
    ctx.ui.note(`Serving the local IAM (account ${account.accountId}, store ${memory ? 'in memory' : path}) at ${running.url}${hook ? ' WITH FAULTS' : ''}. Ctrl-C stops it.`);
    if (keyTarget) ctx.ui.note(`An API key of the account owner is in ${keyTarget.path}.`);
    // IAM's clean-up of long-expired keys, also while serve runs for days.
    const purge = setInterval(() => {
      try {
        engine.purgeExpiredKeys();
      } catch {
        // busy: the next hour tries again
      }
    }, 3_600_000);
    purge.unref();
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        clearInterval(purge);
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    ctx.ui.note('Stopping...');
    await running.close();
  } finally {
    iam.close();
  }
}
