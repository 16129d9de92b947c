// An API key given as the key itself or as @FILE: a file holding the key as plain text, or the JSON that
// `--file` (and IBM's console download) writes, with an `apikey` field.
import { readFileSync } from 'node:fs';
import { usageError } from '../errors.js';
import { safeText } from '../output/safe.js';
import { osErrorText } from '../output/os-error.js';

export function readApiKey(value: string, from: string): string {
  if (!value.startsWith('@')) {
    if (value.trim() === '') throw usageError(`${from} is empty.`);
    return value.trim();
  }
  const file = value.slice(1);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw usageError(`The API key file ${safeText(file)} given in ${from} cannot be read: ${osErrorText(err)}.`);
  }
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw usageError(`The API key file ${safeText(file)} looks like JSON but does not parse.`);
    }
    const key = (parsed as { apikey?: unknown }).apikey;
    if (typeof key !== 'string' || key.trim() === '') throw usageError(`The API key file ${safeText(file)} has no "apikey" field.`);
    return key.trim();
  }
  if (trimmed === '') throw usageError(`The API key file ${safeText(file)} is empty.`);
  return trimmed.split(/\r?\n/)[0]!.trim();
}
