// Names may not hold characters that show nothing or reorder text (zero-width, bidi marks, format and
// default-ignorable code points): three service IDs that all read `prod` must not be possible. Where such
// characters already exist (a name made before this rule, a description, a message), they are shown escaped.
import { describe, expect, it } from 'vitest';
import { checkName } from '../../src/cli/input/flags.js';
import { CliError } from '../../src/cli/errors.js';
import { safeJson, safeText } from '../../src/cli/output/safe.js';
import { renderTable } from '../../src/cli/output/table.js';
import { hasInvisibleChars } from '../../src/wire/unsafe-text.js';

/** One of each kind the rule names: zero-width space/joiners/marks, bidi embeddings, word joiner and the
 * invisible operators, the BOM, the soft hyphen, a Mongolian vowel separator, a tag character (astral Cf),
 * a Hangul filler and a variation selector (default-ignorable, not Cf). */
export const INVISIBLE = [
  '\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e',
  '\u2060', '\u2061', '\u2064', '\u2066', '\u2069', '\u206f', '\ufeff', '\u00ad', '\u180e', '\u{e0041}',
  '\u3164', '\ufe0f', '\u034f', '\u061c',
];

describe('invisible and format characters', () => {
  it.each(INVISIBLE.map((c) => [`U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`, c]))('%s is refused in a name (exit 2)', (_n, c) => {
    expect(hasInvisibleChars(`pro${c}d`)).toBe(true);
    let err: unknown;
    try {
      checkName(`pro${c}d`, 'service ID');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).exitCode).toBe(2);
    expect((err as Error).message).toMatch(/^The service ID name contains (invisible or text-direction|control) characters/);
  });

  it.each(INVISIBLE)('%j is shown escaped in text and JSON, and JSON still reads back the same', (c) => {
    const shown = safeText(`pro${c}d`);
    expect(shown).not.toBe(`pro${c}d`);
    expect(shown).toMatch(/^pro\\(x|u)[0-9a-f{}]+d$/);
    const json = safeJson({ name: `pro${c}d` });
    expect(json).not.toContain(c);
    expect(JSON.parse(json)).toEqual({ name: `pro${c}d` });
  });

  it('three names that all read "prod" are told apart in a table', () => {
    const out = renderTable(['Name'], [['prod'], ['pro\u200bd'], ['\u202eprod']]);
    expect(out).toBe('Name\nprod\npro\\u200bd\n\\u202eprod\n');
  });

  it('names in every script stay valid, with their combining marks', () => {
    for (const name of ['prod', 'Prüfung', '名前 with spaces', 'قاعدة', 'नमस्ते', 'e\u0301', '😀']) {
      expect(hasInvisibleChars(name)).toBe(false);
      expect(checkName(name, 'API key')).toBe(name);
      expect(safeText(name)).toBe(name);
    }
  });
});
