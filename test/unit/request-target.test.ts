// The request target's path and query: plain paths skip the URL parser, and must come out exactly as it gives them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IamError } from '../../src/emulator/errors.js';
import { requestTarget } from '../../src/emulator/request-target.js';

function byParser(target: string): { path: string; query: string } {
  const url = new URL(target, 'http://local');
  return { path: url.pathname.replace(/\/+$/, '') || '/', query: url.searchParams.toString() };
}

describe('requestTarget', () => {
  it('gives what the URL parser gives, for generated targets (plain, with queries, dots, percent signs, slashes)', () => {
    const part = fc.stringMatching(/^[A-Za-z0-9_\-./%?&=~ ]{0,12}$/);
    fc.assert(fc.property(fc.array(part, { maxLength: 5 }), fc.boolean(), (parts, trailing) => {
      const target = `/${parts.join('/')}${trailing ? '/' : ''}`;
      let expected: { path: string; query: string } | undefined;
      try {
        expected = byParser(target);
      } catch {
        expected = undefined;
      }
      if (!expected) {
        expect(() => requestTarget(target)).toThrow(IamError);
        return;
      }
      const got = requestTarget(target);
      expect({ path: got.path, query: got.query.toString() }).toEqual(expected);
    }), { numRuns: 3000 });
  });

  it('reads a leading // as the parser does (a host), and the routes\' paths as they are', () => {
    expect(requestTarget('//evil/v1/apikeys').path).toBe('/v1/apikeys');
    expect(requestTarget('/v1/apikeys/ApiKey-1/').path).toBe('/v1/apikeys/ApiKey-1');
    expect(requestTarget('/v1/../v1/serviceids').path).toBe('/v1/serviceids');
    expect(requestTarget('/').path).toBe('/');
    expect(requestTarget('/v1/apikeys?pagesize=2&iam_id=x').query.get('pagesize')).toBe('2');
  });

  it('refuses a target the parser cannot read as the client\'s error (400)', () => {
    expect(() => requestTarget('//')).toThrow(expect.objectContaining({ status: 400 }));
  });
});
