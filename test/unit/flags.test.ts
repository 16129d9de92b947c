// Flag values checked before any request (src/cli/input/flags.ts, src/wire/limits.ts, src/wire/time.ts).
import { describe, expect, it } from 'vitest';
import { checkDescription, checkName, parseActionIfLeaked, parseExpiry } from '../../src/cli/input/flags.js';
import { usage } from '../helpers/usage-error.js';
import { iamTime, parseIamTime } from '../../src/wire/time.js';
import { isApiKeyId, isServiceIdId } from '../../src/wire/ids.js';

const NOW = Date.UTC(2026, 10, 27, 10, 57, 42);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** IAM's times have minutes only; the CLI rounds up. */
const upToMinute = (ms: number): number => Math.ceil(ms / 60_000) * 60_000;

describe('parseExpiry', () => {
  it.each([
    ['12h', NOW + 12 * HOUR],
    ['90d', NOW + 90 * DAY],
    ['2w', NOW + 14 * DAY],
    [' 3d ', NOW + 3 * DAY],
    ['999999h', NOW + 999_999 * HOUR],
    // the units --grace and the audit take: one parser for every duration
    ['30min', NOW + 30 * 60_000],
  ])('--expires-in %j', (value, ms) => {
    expect(parseExpiry(undefined, value, NOW)).toBe(iamTime(upToMinute(ms)));
  });

  it.each(['', '0h', '0d', '1000000d', '1y', '1m', 'd', '90', '1.5d', '-1d', '+1d', '1 d', '1D'])('--expires-in %j is refused', (value) => {
    expect(usage(() => parseExpiry(undefined, value, NOW))).toMatch(/^--expires-in takes a positive whole number and a unit min, h, d or w/);
  });

  it.each([
    ['2027-01-31', '2027-01-31T00:00+0000'],
    ['2027-01-31T18:30+0000', '2027-01-31T18:30+0000'],
    ['2027-01-31T18:30:00Z', '2027-01-31T18:30+0000'],
    ['2027-01-31T18:30+0100', '2027-01-31T17:30+0000'],
    ['2027-01-31T18:30:59.999-05:30', '2027-02-01T00:01+0000'],
    ['2027-01-31T18:30:01Z', '2027-01-31T18:31+0000'],
  ])('--expires-at %j', (value, expected) => {
    expect(parseExpiry(value, undefined, NOW)).toBe(expected);
  });

  it.each(['tomorrow', '2027-02-30', '2027-13-01', '2027-01-31T24:00Z', '2027-01-31 18:30', '31/01/2027', '2027-01-31T18:30'])('--expires-at %j is refused', (value) => {
    expect(usage(() => parseExpiry(value, undefined, NOW))).toMatch(/^--expires-at takes a time such as/);
  });

  it('--expires-at now or in the past is refused', () => {
    expect(usage(() => parseExpiry(iamTime(NOW - 60_000), undefined, NOW))).toMatch(/is in the past\.$/);
    expect(usage(() => parseExpiry('2026-11-27T10:57:42Z', undefined, NOW))).toMatch(/is in the past\.$/);
    expect(parseExpiry('2026-11-27T10:58Z', undefined, NOW)).toBe('2026-11-27T10:58+0000');
  });

  it('a time with seconds is rounded up to the next minute, never down: later in this minute is not in the past', () => {
    // NOW is 10:57:42; cut to the minute, 10:57:50 would be sent as 10:57, which IAM refuses as past.
    expect(parseExpiry('2026-11-27T10:57:50Z', undefined, NOW)).toBe('2026-11-27T10:58+0000');
    expect(parseExpiry('2026-11-27T10:57:43+0000', undefined, NOW)).toBe('2026-11-27T10:58+0000');
    // --expires-in 1h from 10:57:42 is 11:57:42: the key lives at least the hour asked for.
    expect(parseExpiry(undefined, '1h', NOW)).toBe('2026-11-27T11:58+0000');
  });

  it('both flags are refused, neither gives no expiry', () => {
    expect(usage(() => parseExpiry('2099-01-01', '1d', NOW))).toBe('Give --expires-at or --expires-in, not both.');
    expect(parseExpiry(undefined, undefined, NOW)).toBeUndefined();
  });
});

describe('parseActionIfLeaked', () => {
  it.each([['none', 'none'], ['NONE', 'none'], ['Disable', 'disable'], ['DELETE', 'delete']])('%j → %j', (value, expected) => {
    expect(parseActionIfLeaked(value)).toBe(expected);
  });

  it.each(['', 'maybe', 'disabled', ' none'])('%j is refused', (value) => {
    expect(usage(() => parseActionIfLeaked(value))).toMatch(/^--action-if-leaked must be NONE, DISABLE or DELETE/);
  });

  it('absent stays absent', () => {
    expect(parseActionIfLeaked(undefined)).toBeUndefined();
  });
});

describe('names and descriptions', () => {
  it('a name is at most 255 characters, counted as characters, not UTF-16 units', () => {
    expect(checkName('a'.repeat(255), 'API key')).toBe('a'.repeat(255));
    expect(checkName('😀'.repeat(255), 'API key')).toBe('😀'.repeat(255));
    expect(usage(() => checkName('😀'.repeat(256), 'API key'))).toBe('The API key name is longer than 255 characters.');
    expect(checkName('名前 with spaces', 'service ID')).toBe('名前 with spaces');
  });

  it.each(['', ' ', '\t'])('an empty or blank name %j is refused', (name) => {
    expect(usage(() => checkName(name, 'service ID'))).toMatch(/^The service ID name (must not be empty|contains control characters)\.$/);
  });

  it.each(['\x1b[31m', '\x00', '\x0b', '\x7f', '\x9b', '\u2028', '\u202e', '\u2066'])('control character %j is refused in names and descriptions', (c) => {
    expect(usage(() => checkName(`x${c}y`, 'API key'))).toBe('The API key name contains control characters.');
    expect(usage(() => checkDescription(`x${c}y`, 'API key'))).toBe('The API key description contains control characters.');
  });

  it.each(['a\nb', 'a\rb', 'a\r\nb', 'a\tb', '{\n  "team": "ci"\n}'])('%j: refused in a name, kept in a description (tabs and line breaks)', (d) => {
    expect(usage(() => checkName(d, 'API key'))).toBe('The API key name contains control characters.');
    expect(checkDescription(d, 'API key')).toBe(d);
  });

  it('a description may be empty and up to 1024 characters', () => {
    expect(checkDescription('', 'API key')).toBe('');
    expect(checkDescription('d'.repeat(1024), 'API key')).toHaveLength(1024);
    expect(usage(() => checkDescription('d'.repeat(1025), 'API key'))).toBe('The API key description is longer than 1024 characters.');
    expect(checkDescription(undefined, 'API key')).toBeUndefined();
  });
});

describe('IAM times and ids', () => {
  it('iamTime writes minute precision with +0000', () => {
    expect(iamTime(NOW)).toBe('2026-11-27T10:57+0000');
    expect(iamTime(Date.UTC(2027, 0, 1, 0, 0, 59, 999))).toBe('2027-01-01T00:00+0000');
  });

  it('parseIamTime reads what iamTime writes, and refuses impossible dates', () => {
    expect(parseIamTime(iamTime(NOW))).toBe(Math.floor(NOW / 60_000) * 60_000);
    expect(parseIamTime('2024-02-29T12:00Z')).toBe(Date.UTC(2024, 1, 29, 12));
    expect(parseIamTime('2023-02-29T12:00Z')).toBeUndefined();
    expect(parseIamTime('2023-01-01T12:60Z')).toBeUndefined();
  });

  it('tells ids from names', () => {
    const uuid = 'cb258cb9-8de3-4ac0-9aec-b2b2d27ac976';
    expect(isServiceIdId(`ServiceId-${uuid}`)).toBe(true);
    expect(isServiceIdId(`iam-ServiceId-${uuid}`)).toBe(false);
    expect(isServiceIdId(`ServiceId-${uuid}x`)).toBe(false);
    expect(isServiceIdId('ServiceId-sample')).toBe(false);
    expect(isApiKeyId(`ApiKey-${uuid}`)).toBe(true);
    expect(isApiKeyId(`ServiceId-${uuid}`)).toBe(false);
    expect(isServiceIdId(`ApiKey-${uuid}`)).toBe(false);
  });
});
