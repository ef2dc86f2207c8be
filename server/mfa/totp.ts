import "server-only";
import { generateSecret, generateURI, verify } from "otplib";
import { openRotating, seal } from "@/server/crypto/secret-box";

export const TOTP_SECRET_PURPOSE = "totp";
const PURPOSE = TOTP_SECRET_PURPOSE;
export const TOTP_ISSUER = "Devicekeeper";

export const newTotpSecret = () => generateSecret();
export const sealTotpSecret = (secret: string) => seal(secret, PURPOSE);
/** The secret, and whether it was sealed with a secret being rotated out (then seal it again). */
export const openTotpSecret = (sealed: string | null) => (sealed ? openRotating(sealed, PURPOSE) : null);

export function totpUri(secret: string, email: string) {
  return generateURI({ issuer: TOTP_ISSUER, label: email, secret });
}

/**
 * Checks a 6-digit code, allowing one step of clock drift either way. `afterTimeStep` rejects a
 * code from an already-used step (a replay). Returns the matched step, or null.
 */
export async function checkTotp(secret: string, code: string, afterTimeStep: number | null): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  try {
    const result = await verify({ secret, token: code, epochTolerance: 30, ...(afterTimeStep != null ? { afterTimeStep } : {}) });
    return result.valid && "timeStep" in result ? result.timeStep : null;
  } catch {
    return null;
  }
}
