import { expect } from 'vitest';
import { parseJson } from './cli.js';

const SNAKE = /^[a-z]+(_[a-z]+)*$/;

/** stdout holds exactly one JSON document, 2-space indented, with snake_case keys at every level (IAM's own). */
export function oneJsonDocument<T>(stdout: string): T {
  const value = parseJson<T>(stdout);
  expect(stdout).toBe(`${JSON.stringify(value, null, 2)}\n`);
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, inner] of Object.entries(v)) {
        expect(k).toMatch(SNAKE);
        walk(inner);
      }
    }
  };
  walk(value);
  return value;
}
