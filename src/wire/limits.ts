// Limits on names and descriptions. IAM documents none; these are ours, enforced by the
// emulator (400) and checked by the CLI before a request (exit 2), so that no name can break text output.

export const NAME_MAX = 255;
export const DESCRIPTION_MAX = 1024;
export const APIKEY_VALUE_MIN = 32;

// C0 controls, DEL, C1 controls, and the Unicode line/paragraph separators and bidi overrides,
// which can rewrite a terminal line.
// eslint-disable-next-line no-control-regex
const UNSAFE_RE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

export const hasUnsafeChars = (s: string): boolean => UNSAFE_RE.test(s);

// A description may hold tabs and line breaks (scripts store pretty-printed JSON there); text output shows them
// escaped. The other characters above stay refused.
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_DESCRIPTION_RE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Why a name is invalid, or undefined when it is valid. */
export function nameProblem(name: string, what: string): string | undefined {
  if (name.trim() === '') return `The ${what} name must not be empty.`;
  if ([...name].length > NAME_MAX) return `The ${what} name is longer than ${NAME_MAX} characters.`;
  if (hasUnsafeChars(name)) return `The ${what} name contains control characters.`;
  return undefined;
}

export function descriptionProblem(description: string, what: string): string | undefined {
  if ([...description].length > DESCRIPTION_MAX) return `The ${what} description is longer than ${DESCRIPTION_MAX} characters.`;
  if (UNSAFE_IN_DESCRIPTION_RE.test(description)) return `The ${what} description contains control characters.`;
  return undefined;
}
