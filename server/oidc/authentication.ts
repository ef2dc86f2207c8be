import "server-only";
import { db } from "@/server/db/client";

/** How a session's sign-in was verified, as an app reads it: RFC 8176's `amr` values and our `acr`. */
const AMR: Record<string, string[]> = {
  PASSWORD: ["pwd"],
  AUTHENTICATOR_APP: ["pwd", "otp", "mfa"],
  RECOVERY_CODE: ["pwd", "otp", "mfa"],
  TEMPORARY_ACCESS_CODE: ["pwd", "otp", "mfa"],
  PASSKEY: ["pwd", "hwk", "mfa"],
  SECURITY_KEY: ["pwd", "hwk", "mfa"],
  PUSH: ["pwd", "swk", "mfa"],
};

export const ACR_PASSWORD = "urn:devicekeeper:acr:password";
export const ACR_MFA = "urn:devicekeeper:acr:mfa";

/** The `amr` and `acr` of a Devicekeeper Session's sign-in: whether a second factor was used. */
export async function authenticationOf(sessionId: string): Promise<{ amr: string[]; acr: string }> {
  const session = await db.session.findUnique({ where: { id: sessionId }, select: { method: true } });
  const amr = AMR[session?.method ?? "PASSWORD"] ?? ["pwd"];
  return { amr, acr: amr.includes("mfa") ? ACR_MFA : ACR_PASSWORD };
}
