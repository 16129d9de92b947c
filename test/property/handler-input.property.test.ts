// Issue 5, part 6 (the HTTP side, in-process): property-based bad input at the local IAM's request handler.
// Whatever comes in, the answer is a documented status with IAM's error body (a one-line message, no stack),
// never an internal error or a throw, and a request that fails changes nothing in the store.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EmuResponse } from '../../src/emulator/handler.js';
import { tablesSnapshot } from '../reliability/helpers.js';
import { checkResponse, concrete, fixture, request } from './generators.js';

const RUNS = Number(process.env['IAMKEYS_FUZZ_RUNS'] ?? 3000);
/** IAMKEYS_FUZZ_SEED replays a failing run (fast-check prints its seed). */
const SEED = process.env['IAMKEYS_FUZZ_SEED'] ? { seed: Number(process.env['IAMKEYS_FUZZ_SEED']) } : {};

describe('the request handler under generated input', { timeout: 180_000 }, () => {
  it(`answers ${RUNS} generated request sequences with documented statuses, and failed requests change nothing`, () => {
    let requests = 0;
    let failed = 0;
    const statuses = new Map<number, number>();
    fc.assert(fc.property(fc.array(request, { minLength: 1, maxLength: 4 }), (seq) => {
      const f = fixture();
      try {
        for (const g of seq) {
          const req = concrete(f, g);
          const before = tablesSnapshot(f.store.db);
          let res: EmuResponse;
          try {
            res = f.handler.handle(req);
          } catch (err) {
            throw new Error(`handle() threw for ${JSON.stringify(req)}: ${(err as Error).stack}`);
          }
          requests++;
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          const breach = checkResponse(res);
          if (breach) throw new Error(`${breach}\nrequest: ${JSON.stringify(req)}`);
          if (res.status >= 400) {
            failed++;
            expect(tablesSnapshot(f.store.db), `a failed request changed the store: ${JSON.stringify(req)} → ${res.status} ${res.body}`).toEqual(before);
          }
        }
      } finally {
        f.store.close();
      }
    }), { numRuns: RUNS, ...SEED });
    // eslint-disable-next-line no-console
    console.log(`[reliability] handler fuzz: ${JSON.stringify({ sequences: RUNS, requests, failed, statuses: Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])) })}`);
    // The generators reach past authentication and validation often enough to mean something.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(RUNS / 20);
    expect((statuses.get(201) ?? 0) + (statuses.get(204) ?? 0)).toBeGreaterThan(RUNS / 50);
  });
});
