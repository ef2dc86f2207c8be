import "server-only";
import QRCode from "qrcode";
import type { TotpEnrolment } from "@/lib/security";
import { authenticatorNameSchema } from "@/lib/validation/security";
import { AppError } from "@/server/errors";
import { sealJson } from "@/server/crypto/secret-box";
import { newTotpSecret, totpUri } from "@/server/mfa/totp";

export const ENROLMENT_TTL_MS = 15 * 60 * 1000;
export const ENROLMENT_PURPOSE = "totp-enrolment";

/**
 * Makes a new secret and its QR code. Nothing is saved yet: the pending secret travels in a sealed,
 * expiring token bound to the user, and is stored only once a first valid code confirms it.
 */
export async function startTotpEnrolment({ userId, email, name }: { userId: string; email: string; name: string }): Promise<TotpEnrolment> {
  const parsed = authenticatorNameSchema.safeParse(name);
  if (!parsed.success) throw new AppError("INVALID_INPUT", parsed.error.issues[0]?.message ?? "Invalid name");
  const secret = newTotpSecret();
  const otpauthUri = totpUri(secret, email);
  const enrolmentToken = sealJson({ u: userId, s: secret, n: parsed.data, e: Date.now() + ENROLMENT_TTL_MS }, ENROLMENT_PURPOSE);
  return { enrolmentToken, secret, otpauthUri, qrDataUrl: await QRCode.toDataURL(otpauthUri, { margin: 1, width: 200 }) };
}
