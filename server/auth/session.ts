import "server-only";
import { cookies, headers } from "next/headers";
import { redirect, notFound } from "next/navigation";
import { readSessionToken, type AuthSession } from "@/server/auth/validate-session";
import { sessionCookieName } from "@/server/auth/cookies";
import { PAGE_URL_HEADER } from "@/server/http/client-ip";
import { nextQuery } from "@/lib/next-path";

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

/**
 * For pages and server actions: the signed-in user, or a redirect to /sign-in — which leads back
 * to the page asked for (from the front door's PAGE_URL_HEADER; not Next's own `_rsc` marker of a
 * navigation in the app).
 */
export async function requireUser(): Promise<AuthSession> {
  const session = await getSession();
  if (!session) redirect(`/sign-in${nextQuery(pageAskedFor((await headers()).get(PAGE_URL_HEADER)))}`);
  return session;
}

function pageAskedFor(url: string | null): string | undefined {
  if (!url?.startsWith("/") || !URL.canParse(url, "http://page.invalid")) return undefined;
  const asked = new URL(url, "http://page.invalid");
  asked.searchParams.delete("_rsc");
  return asked.pathname + asked.search;
}

/** For admin pages and actions: non-admins get a 404, as if /admin did not exist. */
export async function requireAdmin(): Promise<AuthSession> {
  const session = await requireUser();
  if (session.role !== "ADMIN") notFound();
  return session;
}
