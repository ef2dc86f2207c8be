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

/**
 * POST /api/v1/push/sns/message (Ping Identity AIC): `_action=refresh` with `username` (a new
 * platform device id), or `_action=authenticate` with `messageId` (the answer to a sign-in push).
 * Both carry the mechanism and a JWT signed with its shared secret.
 */
export const pushMessageSchema = z.strictObject({
  mechanismUid: z.uuid({ error: "mechanismUid must be a UUID" }),
  username: z.string().trim().min(1).max(254).optional(),
  messageId: z.uuid({ error: "messageId must be a UUID" }).optional(),
  jwt: z.string().trim().min(1).max(8192),
});
