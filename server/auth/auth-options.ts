import "server-only";
import type { AuthOptions } from "next-auth";
import type { JWT } from "next-auth/jwt";
import * as credentials from "next-auth/providers/credentials";
import { cookies } from "next/headers";
import { getAuthSecret, secureCookiesEnabled, sessionPolicy } from "@/server/config";
import { contextFromHeaders, getRequestContext } from "@/server/request-context";
import { signOut } from "@/server/auth/sign-out";
import { mfaCookieName, mfaCookieOptions, passkeyCookieName, sessionCookieName } from "@/server/auth/cookies";
import { deviceCookieName, deviceCookieOptions, isWellFormedDeviceToken, newDeviceToken } from "@/server/devices/device-cookie";
import { passwordStep } from "@/server/auth/sign-in-with-password";
import type { SignInApp } from "@/server/auth/start-session";
import { completeMfaSignIn } from "@/server/auth/complete-mfa-sign-in";
import { validateSession } from "@/server/auth/validate-session";
import { decodeSessionToken } from "@/server/auth/session-token";
import { noteIfDbOutage } from "@/server/http/outage";

// next-auth is CommonJS marked __esModule: to Node's ES module loader (this server runs compiled,
// unbundled) its default export is the whole module object; to a bundler (the tests) the function.
const CredentialsProvider = ((credentials.default as { default?: unknown }).default ?? credentials.default) as typeof credentials.default;

/** A sign-in step that failed on an unreachable database: the form says so (not "wrong password"). */
function unavailable(e: unknown): never {
  if (noteIfDbOutage(e)) throw new Error("UNAVAILABLE");
  throw e;
}

/**
 * The app the sign-in form's page continues to: its form posts the page's address as `callbackUrl`
 * (components/auth/post-credentials.ts). Loaded lazily: the provider is not needed for the
 * dashboard's own sign-ins. Naming the app is a courtesy (history, the new-device email): an
 * unknown or ended interaction, or a provider that cannot answer, names none and signs in all the same.
 */
async function signInApp(body: Record<string, unknown> | undefined): Promise<SignInApp | null> {
  const pageUrl = body?.callbackUrl;
  if (typeof pageUrl !== "string" || !pageUrl.includes("next=")) return null;
  try {
    const { appOfSignIn } = await import("@/server/oidc/pending-sign-in");
    return await appOfSignIn(pageUrl);
  } catch {
    return null;
  }
}

class SessionEndedError extends Error {
  override name = "SessionEnded";
}

/**
 * next-auth handles the sign-in form post (CSRF, the signed session cookie); the truth lives in
 * our Session table: the token carries only the Session id (`sid`), checked on every request.
 */
export function getAuthOptions(): AuthOptions {
  const secure = secureCookiesEnabled();
  return {
    secret: getAuthSecret(),
    session: { strategy: "jwt", maxAge: Math.floor(sessionPolicy().maxAgeMs / 1000) },
    // next-auth's own reads of the cookie (its session endpoint, sign-out) accept rotated-out secrets too.
    jwt: { decode: async ({ token }) => (token ? ((await decodeSessionToken(token)) as JWT | null) : null) },
    useSecureCookies: secure,
    cookies: {
      sessionToken: { name: sessionCookieName(), options: { httpOnly: true, sameSite: "lax", path: "/", secure } },
    },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const jar = await cookies();
          const existing = jar.get(deviceCookieName())?.value;
          const deviceToken = isWellFormedDeviceToken(existing) ? existing : newDeviceToken();
          const app = await signInApp(req.body);
          const result = await passwordStep({ credentials, deviceToken, context: contextFromHeaders(req.headers ?? {}), app }).catch(
            unavailable,
          );
          if (!result) return null;
          // The page says to wait, and how long (the same for every account, known or not).
          if (result.status === "locked")
            throw new Error(`${result.scope === "account" ? "LOCKED_ACCOUNT" : "LOCKED"}:${result.retryAfterSeconds}`);
          // The long-lived cookie that recognises this browser: the challenge is bound to this value
          // until the second step; a completed sign-in hands out a fresh one (rotated server-side).
          jar.set(deviceCookieName(), result.status === "signed-in" ? result.session.deviceToken : deviceToken, deviceCookieOptions());
          if (result.status === "mfa-required") {
            jar.set(mfaCookieName(), result.challengeToken, mfaCookieOptions());
            // next-auth hands a thrown message to the page as `error`: it says which factors to offer.
            throw new Error(`MFA_REQUIRED:${result.methods.join(",")}`);
          }
          const s = result.session;
          return { id: s.userId, email: s.email, name: s.name, sid: s.sessionId };
        },
      }),
      CredentialsProvider({
        id: "mfa",
        name: "Second factor",
        credentials: { method: { type: "text" }, code: { type: "text" }, remember: { type: "text" } },
        async authorize(credentials, req) {
          const jar = await cookies();
          const deviceToken = jar.get(deviceCookieName())?.value;
          if (!isWellFormedDeviceToken(deviceToken)) throw new Error("MFA_EXPIRED");
          const result = await completeMfaSignIn({
            challengeToken: jar.get(mfaCookieName())?.value,
            deviceToken,
            credentials,
            context: contextFromHeaders(req.headers ?? {}),
            passkeyChallenge: jar.get(passkeyCookieName())?.value,
            app: await signInApp(req.body),
          }).catch(unavailable);
          jar.delete(passkeyCookieName()); // a WebAuthn challenge is good for one answer
          if (result.status !== "signed-in") {
            if (result.status === "expired") jar.delete(mfaCookieName());
            throw new Error(
              result.status === "invalid" ? "MFA_INVALID" : result.status === "rate-limited" ? "MFA_RATE_LIMITED" : "MFA_EXPIRED",
            );
          }
          jar.delete(mfaCookieName());
          jar.set(deviceCookieName(), result.session.deviceToken, deviceCookieOptions());
          const s = result.session;
          return { id: s.userId, email: s.email, name: s.name, sid: s.sessionId };
        },
      }),
    ],
    events: {
      // next-auth's own POST /api/auth/signout only clears the cookie: end the Session row too, so
      // a copy of the cookie stops working as well (every way out ends the session).
      async signOut({ token }) {
        if (typeof token?.sid === "string" && typeof token.sub === "string") {
          await signOut({ sessionId: token.sid, userId: token.sub, context: await getRequestContext() });
        }
      },
    },
    callbacks: {
      async jwt({ token, user }) {
        if (user) return { sub: user.id, sid: (user as { sid?: string }).sid };
        // Any later read of the token (e.g. /api/auth/session) re-checks the Session row.
        // next-auth v4 cannot return "no session" here; throwing makes it clear the cookie.
        const session = await validateSession(token.sid);
        if (!session) throw new SessionEndedError("Session ended");
        return token;
      },
      async session({ session, token }) {
        return { expires: session.expires, user: { id: token.sub, name: session.user?.name, email: session.user?.email } };
      },
    },
    logger: {
      error(code, metadata) {
        if (code === "JWT_SESSION_ERROR") return; // an ended session, handled above
        console.error("[next-auth]", code, metadata);
      },
      warn(code) {
        if (code === "DEBUG_ENABLED") return;
        console.warn("[next-auth]", code);
      },
      debug() {},
    },
  };
}
