import "server-only";
import { headers } from "next/headers";

export type RelyingParty = { rpID: string; origin: string; rpName: string };

/**
 * Who we are to WebAuthn: AUTH_URL when configured (production), else the origin the browser used.
 * The browser signs its own origin into every response, so a phishing site cannot pass this check.
 */
export async function relyingParty(): Promise<RelyingParty> {
  const configured = process.env.AUTH_URL || process.env.NEXTAUTH_URL;
  if (configured) {
    const u = new URL(configured);
    return { rpID: u.hostname, origin: u.origin, rpName: "Devicekeeper" };
  }
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost";
  const proto = (h.get("x-forwarded-proto") ?? "http").split(",")[0]!.trim();
  const origin = `${proto}://${host}`;
  return { rpID: new URL(origin).hostname, origin, rpName: "Devicekeeper" };
}
