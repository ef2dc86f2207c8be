import "server-only";
import { cookies } from "next/headers";
import { redirect, notFound } from "next/navigation";
import { readSessionToken, type AuthSession } from "@/server/auth/validate-session";
import { sessionCookieName } from "@/server/auth/cookies";

type CookieJar = Awaited<ReturnType<typeof cookies>>;
/**
 * One check per request: Next hands every part of a request (its layouts, page and actions) the
 * same cookie jar, which keys the answer and goes with the request. (React's cache() would not
 * do: this module runs outside Next's bundle, with React's own copy.)
 */
const checked = new WeakMap<CookieJar, Promise<AuthSession | null>>();

/** The current request's session, checked once per request. */
export async function getSession(): Promise<AuthSession | null> {
  const jar = await cookies();
  let session = checked.get(jar);
  if (!session) checked.set(jar, (session = readSessionToken(jar.get(sessionCookieName())?.value)));
  return session;
}

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
