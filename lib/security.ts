import { z } from "zod";
import { deviceNameSchema } from "@/lib/validation/devices";
import type { SignInFactors } from "@/lib/sign-in-steps";

/** What the security page may show about an authenticator: never a secret or a key. */
export type AuthenticatorSummary = {
  id: string;
  kind: "TOTP" | "WEBAUTHN" | "PUSH" | "BINDING";
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  deviceName: string | null;
  /** Push: whether its app registered a push token and device id, so sign-ins can ask it. */
  pushReachable: boolean;
};

export type SecurityOverview = {
  authenticators: AuthenticatorSummary[];
  recoveryCodes: { remaining: number; total: number };
  /** The administrator's "skip the second step" option. */
  mfaSkip: "NOT_SET" | "SKIPPABLE" | "NOT_SKIPPABLE";
  /** A temporary access code an administrator issued that still works (never the code). */
  temporaryAccessCode: { createdAt: string; expiresAt: string; issuedBy: string | null } | null;
};

/** What decides the user's sign-in steps (lib/sign-in-steps.ts), from what the security pages show. */
export const signInFactorsOf = ({ authenticators, recoveryCodes, mfaSkip, temporaryAccessCode }: SecurityOverview): SignInFactors => ({
  authenticators,
  recoveryCodesLeft: recoveryCodes.remaining,
  mfaSkip,
  temporaryCodeLive: !!temporaryAccessCode,
});

export type TotpEnrolment = { enrolmentToken: string; secret: string; otpauthUri: string; qrDataUrl: string };

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

export type PasswordChangeResult = { sessionsEnded: number; tokensRevoked: number };

/**
 * Why the user should set up a second factor now, when the page says so: they signed in with a
 * temporary access code ("temporary-code"), or an administrator's reset ("admin-reset") or a device
 * marked as lost ("device-lost") left them with none, so signing in asked for the password only.
 */
export type SecondFactorSetupReason = "temporary-code" | "admin-reset" | "device-lost";
