import "server-only";
import { secureCookiesEnabled } from "@/server/config";

// The sign-in's own cookies; the device cookie is server/devices/device-cookie.ts.
export const sessionCookieName = () => (secureCookiesEnabled() ? "__Secure-dk.session" : "dk.session");
/** A Set-Cookie header that clears the session cookie (its attributes as next-auth sets it: server/auth/auth-options.ts). */
export const clearedSessionCookie = () =>
  `${sessionCookieName()}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secureCookiesEnabled() ? "; Secure" : ""}`;

/** Holds the MFA challenge token between the password step and the code step (never readable by JS). */
export const mfaCookieName = () => (secureCookiesEnabled() ? "__Secure-dk.mfa" : "dk.mfa");
export const mfaCookieOptions = () =>
  ({ httpOnly: true, sameSite: "lax", secure: secureCookiesEnabled(), path: "/", maxAge: 10 * 60 }) as const;

/** The sealed WebAuthn challenge between the passkey options and the assertion. */
export const passkeyCookieName = () => (secureCookiesEnabled() ? "__Secure-dk.passkey" : "dk.passkey");
