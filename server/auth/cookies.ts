import "server-only";
import crypto from "node:crypto";
import { DEVICE_COOKIE_MAX_AGE_SECONDS, secureCookiesEnabled } from "@/server/config";

export const sessionCookieName = () => (secureCookiesEnabled() ? "__Secure-dk.session" : "dk.session");
// __Host-: over https the browser refuses this cookie from a sibling subdomain or a non-root path,
// so nobody can plant a device token from elsewhere (it is rotated at every sign-in as well).
export const deviceCookieName = () => (secureCookiesEnabled() ? "__Host-dk.device" : "dk.device");

export const deviceCookieOptions = () =>
  ({
    httpOnly: true,
    sameSite: "lax",
    secure: secureCookiesEnabled(),
    path: "/",
    maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS,
  }) as const;

/** A device cookie is 32 random bytes; the database keeps only its SHA-256. */
export const newDeviceToken = () => crypto.randomBytes(32).toString("base64url");
export const hashDeviceToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");
export const isWellFormedDeviceToken = (token: string | undefined): token is string => !!token && /^[A-Za-z0-9_-]{43}$/.test(token);

/** Holds the MFA challenge token between the password step and the code step (never readable by JS). */
export const mfaCookieName = () => (secureCookiesEnabled() ? "__Secure-dk.mfa" : "dk.mfa");
export const mfaCookieOptions = () =>
  ({ httpOnly: true, sameSite: "lax", secure: secureCookiesEnabled(), path: "/", maxAge: 10 * 60 }) as const;

/** The sealed WebAuthn challenge between the passkey options and the assertion. */
export const passkeyCookieName = () => (secureCookiesEnabled() ? "__Secure-dk.passkey" : "dk.passkey");
