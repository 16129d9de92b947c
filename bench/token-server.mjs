// A served local IAM for the token benchmark, with IAM's activity recording on or off (--no-activity), so
// that `npm run bench` can put the two throughputs side by side under the same conditions. Prints its URL and
// an owner API key on one line each. Not a product entry point.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { Store } = await import(join(root, 'dist/emulator/store.js'));
const { Engine } = await import(join(root, 'dist/emulator/engine.js'));
const { IamHandler } = await import(join(root, 'dist/emulator/handler.js'));
const { ensureLocalAccount } = await import(join(root, 'dist/emulator/local-account.js'));
const { ownerKey } = await import(join(root, 'dist/emulator/owner-key.js'));
const { startServer } = await import(join(root, 'dist/emulator/server.js'));

const store = new Store(join(mkdtempSync(join(tmpdir(), 'iamkeys-bench-tok-')), 'store.db'));
const account = ensureLocalAccount(store, 'bench');
const engine = new Engine(store, Date.now, { recordActivity: !process.argv.includes('--no-activity') });
const key = ownerKey(engine, account, undefined);
const running = await startServer(new IamHandler(engine, account.secret, {}), '127.0.0.1', 0);
process.stdout.write(`${running.url}\n${key.apikey}\n`);
process.on('SIGTERM', async () => {
  await running.close();
  store.close();
  process.exit(0);
});
