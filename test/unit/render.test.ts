// Text output pieces: borderless tables (ibmcloud's layout), escaping of untrusted text, safe JSON, exit codes.
import { describe, expect, it } from 'vitest';
import { renderTable } from '../../src/cli/output/table.js';
import { safeJson, safeText } from '../../src/cli/output/safe.js';
import { displayWidth } from '../../src/cli/output/width.js';
import { exitForStatus } from '../../src/cli/main.js';

describe('renderTable', () => {
  it('pads each column to its widest cell plus 3 spaces, and trims the end of each line', () => {
    expect(renderTable(['ID', 'Name', 'Locked'], [['a', 'first', 'false'], ['abcdef', 'x', 'true']])).toBe(
      'ID       Name    Locked\n'
      + 'a        first   false\n'
      + 'abcdef   x       true\n');
  });

  it('a detail table has no header; an empty last cell leaves no trailing space', () => {
    expect(renderTable(undefined, [['ID', 'ServiceId-1'], ['Description', ''], ['Locked', 'false']])).toBe(
      'ID            ServiceId-1\nDescription\nLocked        false\n');
  });

  it('wide characters take two columns, combining marks none', () => {
    expect(displayWidth('名前')).toBe(4);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(renderTable(['Name', 'X'], [['名前', '1'], ['ab', '2']])).toBe('Name   X\n名前   1\nab     2\n');
  });

  it('cells are escaped: a name cannot forge a line or repaint the terminal', () => {
    const out = renderTable(['Name', 'X'], [['evil\nFAILED\x1b[2J', '1']]);
    const cell = 'evil\\x0aFAILED\\x1b[2J';
    expect(out).toBe(`${'Name'.padEnd(cell.length + 3)}X\n${cell}   1\n`);
    expect(out.split('\n')).toHaveLength(3);
  });

  it('styles apply to the header and the first column without changing the padding', () => {
    const out = renderTable(['A', 'B'], [['xx', 'y']], { header: (s) => `<${s}>`, firstColumn: (s) => `[${s}]` });
    expect(out).toBe('<A    ><B>\n[xx]   y\n');
  });
});

describe('safeText and safeJson', () => {
  it.each([
    ['\x1b[31mred', '\\x1b[31mred'], ['a\nb', 'a\\x0ab'], ['\x7f', '\\x7f'], ['\x9b', '\\x9b'],
    ['\u202eabc', '\\u202eabc'], ['\u2028', '\\u2028'], ['plain text, ünïcödé 名前', 'plain text, ünïcödé 名前'],
  ])('safeText(%j) = %j', (input, expected) => {
    expect(safeText(input)).toBe(expected);
  });

  it('safeJson escapes what terminals act on and still parses back to the same value', () => {
    const value = { name: 'a\u202eb\u0085c\x1b', list: ['\u2029'] };
    const text = safeJson(value);
    expect(text).not.toMatch(/[\x1b\u0085\u2029\u202e]/);
    expect(JSON.parse(text)).toEqual(value);
    expect(text).toBe(JSON.stringify(value, null, 2).replace('\u202e', '\\u202e').replace('\u0085', '\\u0085').replace('\u2029', '\\u2029'));
  });
});

describe('exit codes for IAM statuses (design §6)', () => {
  it.each([
    [400, 2], [422, 2], [401, 4], [403, 4], [404, 3], [409, 5], [412, 5], [429, 7], [500, 7], [502, 7], [503, 7], [418, 1],
  ])('%i → %i', (status, code) => {
    expect(exitForStatus(status)).toBe(code);
  });
});
