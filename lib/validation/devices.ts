import { z } from "zod";

export const deviceIdSchema = z.uuid({ error: "Invalid device id" });
export const sessionIdSchema = z.uuid({ error: "Invalid session id" });

// Control characters, line/paragraph separators, zero-width and bidi-override characters: they
// make a name render differently from what it says, or not at all.
const UNPRINTABLE = /[\p{Cc}\p{Zl}\p{Zp}\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/u;

/** A short printable name shown in lists: trimmed, 1–64 characters, nothing that renders deceptively. */
export const printableNameSchema = (missing: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, { error: missing })
    .refine((s) => [...s].length <= 64, { error: "Use at most 64 characters" })
    .refine((s) => !UNPRINTABLE.test(s), { error: "Use only printable characters" })
    .meta({ maxLength: 64, description: "1–64 printable characters." });

export const deviceNameSchema = printableNameSchema("Enter a device name");

export const renameDeviceSchema = z.object({ deviceId: deviceIdSchema, name: deviceNameSchema });
