/**
 * The rule for a short name shown in lists (a device, an authenticator, an API token): trimmed,
 * 1–64 characters, nothing that renders deceptively. Plain code, no zod: the rename form checks it
 * in the browser before sending, and the server's schema (lib/validation/devices.ts) checks the
 * same rule with these same functions.
 */

export const MAX_NAME_LENGTH = 64;
export const TOO_LONG = `Use at most ${MAX_NAME_LENGTH} characters`;
export const UNPRINTABLE_NAME = "Use only printable characters";
export const DEVICE_NAME_MISSING = "Enter a device name";

// Control characters, line/paragraph separators, zero-width and bidi-override characters: they
// make a name render differently from what it says, or not at all.
const UNPRINTABLE = /[\p{Cc}\p{Zl}\p{Zp}\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/u;

/** Counted in characters as people see them (code points), not UTF-16 units. */
export const fitsNameLength = (name: string) => [...name].length <= MAX_NAME_LENGTH;
export const isPrintable = (name: string) => !UNPRINTABLE.test(name);

/** The trimmed name, or the first thing wrong with it (`missing` when it is empty). */
export function checkPrintableName(value: string, missing: string): { ok: true; name: string } | { ok: false; error: string } {
  const name = value.trim();
  if (!name) return { ok: false, error: missing };
  if (!fitsNameLength(name)) return { ok: false, error: TOO_LONG };
  if (!isPrintable(name)) return { ok: false, error: UNPRINTABLE_NAME };
  return { ok: true, name };
}
