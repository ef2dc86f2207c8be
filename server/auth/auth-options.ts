import "server-only";
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { cookies } from "next/headers";
import { getAuthSecret, SESSION_MAX_AGE_SECONDS, secureCookiesEnabled } from "@/server/config";
import { contextFromHeaders } from "@/server/request-context";
import { deviceCookieName, deviceCookieOptions, isWellFormedDeviceToken, newDeviceToken, sessionCookieName } from "@/server/auth/cookies";
import { signInWithPassword } from "@/server/auth/sign-in-with-password";
import { validateSession } from "@/server/auth/session";

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
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
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
          const result = await signInWithPassword({
            credentials,
            deviceToken,
            context: contextFromHeaders(req.headers ?? {}),
          });
          if (!result) return null;
          // Set (or refresh the lifetime of) the long-lived cookie that recognises this browser.
          jar.set(deviceCookieName(), deviceToken, deviceCookieOptions());
          return { id: result.userId, email: result.email, name: result.name, sid: result.sessionId };
        },
      }),
    ],
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
        if (code === "NEXTAUTH_URL" || code === "DEBUG_ENABLED") return;
        console.warn("[next-auth]", code);
      },
      debug() {},
    },
  };
}
