import { z } from "zod";
import { deviceNameSchema } from "@/lib/validation/devices";

const opaqueId = z
  .string()
  .trim()
  .min(1)
  .max(256)
  .regex(/^[\x21-\x7E]+$/, { error: "Use printable ASCII without spaces" });

/** POST /api/v1/mfa/push — what a mobile authenticator app sends to register for push. */
export const registerPushSchema = z.strictObject({
  deviceName: deviceNameSchema,
  platformDeviceId: opaqueId,
  pushToken: z.string().trim().min(1).max(4096),
});

/** POST /api/v1/mfa/binding — a device-bound key pair's public half. */
export const registerBindingSchema = z.strictObject({
  deviceName: deviceNameSchema,
  platformDeviceId: opaqueId,
  publicKey: z
    .string()
    .trim()
    .min(16)
    .max(4096)
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, { error: "publicKey must be base64url" }),
});

/** POST /api/v1/push/sns/message?_action=refresh (Ping Identity AIC). */
export const refreshPushSchema = z.strictObject({
  mechanismUid: z.uuid({ error: "mechanismUid must be a UUID" }),
  username: z.string().trim().min(1).max(254),
  jwt: z.string().trim().min(1).max(8192),
});
