// The README's "Files" section says how key values are kept in store.db; it must agree with what the store
// holds: hashes, except the value of a key created with store_value, kept as given.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine, hashKey } from '../../src/emulator/engine.js';
import { ensureLocalAccount } from '../../src/emulator/local-account.js';
import { Store } from '../../src/emulator/store.js';
import { tempHome } from '../helpers/run-cli.js';

const section = (md: string, title: string): string => {
  const start = md.indexOf(`\n## ${title}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = md.indexOf('\n## ', start + 1);
  return md.slice(start, end === -1 ? undefined : end);
};

describe('README "Files" and the store', () => {
  it('says what the store holds: hashes, and store_value keys as given', () => {
    const store = new Store(join(tempHome(), 'store.db'));
    try {
      const account = ensureLocalAccount(store, 'owner');
      const engine = new Engine(store);
      const sid = engine.createServiceId(account.owner, { account_id: account.accountId, name: 's' }, { locked: false });
      const plain = engine.createApiKey(account.owner, { name: 'plain', iam_id: sid.iam_id }, { locked: false, disabled: false });
      const kept = engine.createApiKey(account.owner, { name: 'kept', iam_id: sid.iam_id, store_value: true }, { locked: false, disabled: false });
      const row = (id: string) => store.apiKey(id)!;
      expect(row(plain.id)).toMatchObject({ value_hash: hashKey(plain.apikey), stored_value: null });
      expect(row(kept.id)).toMatchObject({ value_hash: hashKey(kept.apikey), stored_value: kept.apikey });
    } finally {
      store.close();
    }
    const files = section(readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8'), 'Files');
    expect(files).not.toMatch(/stored only as SHA-256 hashes/);
    expect(files).toMatch(/store_value/);
    expect(files).toMatch(/stored as given/);
  });
});
