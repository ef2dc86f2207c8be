// What the security pages show and what decides sign-in, safe in the browser (no zod): the input
// schemas are in lib/validation/security.ts.
import { secondFactorMethods, secondStepsInWords, type SignInFactors } from "@/lib/sign-in-steps";

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

/**
 * What the user's sign-in asks for besides a temporary access code, in words for a sentence ("a code
 * from the authenticator app or a recovery code") and whether it is more than one; undefined when
 * nothing (the code was all they had).
 */
export function secondStepsLeft(overview: SecurityOverview): { words: string; several: boolean } | undefined {
  const methods = secondFactorMethods({ ...signInFactorsOf(overview), temporaryCodeLive: false, mfaSkip: undefined });
  return methods.length ? { words: secondStepsInWords(methods), several: methods.length > 1 } : undefined;
}

export type TotpEnrolment = { enrolmentToken: string; secret: string; otpauthUri: string; qrDataUrl: string };

export type PasswordChangeResult = { sessionsEnded: number; tokensRevoked: number; apps: string[] };

/**
 * Why the user should set up a second factor now, when the page says so: they signed in with a
 * temporary access code ("temporary-code"), or an administrator's reset ("admin-reset") or a device
 * marked as lost ("device-lost") left them with none, so signing in asked for the password only;
 * "skip-allowed" when the administrator also lets them skip the second step (told why it asks none).
 */
export type SecondFactorSetupReason = "temporary-code" | "admin-reset" | "device-lost" | "removed" | "skip-allowed";
