import "server-only";
import crypto from "node:crypto";
import { DEVICE_COOKIE_MAX_AGE_SECONDS, secureCookiesEnabled } from "@/server/config";

// The long-lived cookie that recognises a browser as one of the account's devices.
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
