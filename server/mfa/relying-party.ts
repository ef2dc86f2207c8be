import "server-only";
import { headers } from "next/headers";
import { AppError } from "@/server/errors";

export type RelyingParty = { rpID: string; origin: string; rpName: string };

/**
 * Who we are to WebAuthn: AUTH_URL when configured. Without it, only in development, the origin
 * the browser used; in production that would let a Host or X-Forwarded-Host header pick the
 * relying party, so passkeys are refused until AUTH_URL is set (they stay required where enrolled:
 * the user signs in with another factor or a recovery code meanwhile).
 */
export async function relyingParty(): Promise<RelyingParty> {
  const configured = process.env.AUTH_URL || process.env.NEXTAUTH_URL;
  if (configured) {
    const u = new URL(configured);
    return { rpID: u.hostname, origin: u.origin, rpName: "Devicekeeper" };
  }
  if (process.env.NODE_ENV === "production") {
    throw new AppError("FORBIDDEN", "Passkeys are unavailable until the administrator sets AUTH_URL to this site's address.");
  }
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost";
  const proto = (h.get("x-forwarded-proto") ?? "http").split(",")[0]!.trim();
  const origin = `${proto}://${host}`;
  return { rpID: new URL(origin).hostname, origin, rpName: "Devicekeeper" };
}
