import { z } from "zod";
import { deviceNameSchema } from "@/lib/validation/devices";

export const authenticatorNameSchema = deviceNameSchema;
export const totpCodeSchema = z
  .string()
  .trim()
  .regex(/^\d{6}$/, { error: "Enter the 6-digit code from the app" });
/** "Also sign out your other devices" when a second factor is added or removed (ticked by default in the UI). */
const signOutOthers = z.boolean().default(false);
export const confirmTotpSchema = z.object({ enrolmentToken: z.string().min(10).max(2000), code: totpCodeSchema, signOutOthers });
export const authenticatorIdSchema = z.uuid({ error: "Invalid authenticator id" });
export const startEnrolmentSchema = z.object({ name: authenticatorNameSchema });
export const removeAuthenticatorSchema = z.object({ authenticatorId: authenticatorIdSchema, signOutOthers });

export const finishPasskeySchema = z.object({
  token: z.string().min(10).max(4000),
  name: z.string().max(200),
  // The browser's RegistrationResponseJSON; its contents are checked by the WebAuthn verifier.
  response: z
    .object({
      id: z.string().max(2048),
      rawId: z.string().max(2048),
      type: z.literal("public-key"),
      response: z.record(z.string(), z.unknown()),
    })
    .loose(),
  signOutOthers,
});

/** The password-change form; the new password's strength is judged on the server (zxcvbn). */
export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, { error: "Enter your current password." }).max(1024),
    newPassword: z.string().min(1, { error: "Enter a new password." }).max(1024, { error: "Use at most 1024 characters." }),
    confirmPassword: z.string(),
    signOutOthers: z.boolean().default(true),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], error: "The two new passwords are not the same." });
