import { z } from "zod";
import { DEVICE_NAME_MISSING, MAX_NAME_LENGTH, TOO_LONG, UNPRINTABLE_NAME, fitsNameLength, isPrintable } from "@/lib/printable-name";

export const deviceIdSchema = z.uuid({ error: "Invalid device id" });
export const sessionIdSchema = z.uuid({ error: "Invalid session id" });

/** A short printable name shown in lists: trimmed, 1–64 characters, nothing that renders deceptively (lib/printable-name.ts). */
export const printableNameSchema = (missing: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, { error: missing })
    .refine(fitsNameLength, { error: TOO_LONG })
    .refine(isPrintable, { error: UNPRINTABLE_NAME })
    .meta({ maxLength: MAX_NAME_LENGTH, description: "1–64 printable characters." });

export const deviceNameSchema = printableNameSchema(DEVICE_NAME_MISSING);

export const renameDeviceSchema = z.object({ deviceId: deviceIdSchema, name: deviceNameSchema });
