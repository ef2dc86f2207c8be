import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { redirect, notFound } from "next/navigation";
import { readSessionToken, type AuthSession } from "@/server/auth/validate-session";
import { sessionCookieName } from "@/server/auth/cookies";

/** The current request's session, checked once per request. */
export const getSession = cache(async (): Promise<AuthSession | null> => {
  const jar = await cookies();
  return readSessionToken(jar.get(sessionCookieName())?.value);
});

/** For pages and server actions: the signed-in user, or a redirect to /sign-in. */
export async function requireUser(): Promise<AuthSession> {
  const session = await getSession();
  if (!session) redirect("/sign-in");
  return session;
}

/** For admin pages and actions: non-admins get a 404, as if /admin did not exist. */
export async function requireAdmin(): Promise<AuthSession> {
  const session = await requireUser();
  if (session.role !== "ADMIN") notFound();
  return session;
}
