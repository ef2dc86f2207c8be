import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { redirect, notFound } from "next/navigation";
import { decode } from "next-auth/jwt";
import { z } from "zod";
import { db } from "@/server/db";
import { getAuthSecret, LAST_SEEN_THROTTLE_MS } from "@/server/config";
import { sessionCookieName } from "@/server/auth/cookies";

export type AuthSession = {
  sessionId: string;
  userId: string;
  deviceId: string;
  email: string;
  name: string;
  role: "USER" | "ADMIN";
  /** When this session last proved the password or a second factor. */
  verifiedAt: Date;
};

const sessionIdSchema = z.uuid();

/**
 * Looks the Session row up and says whether it still stands: not revoked, not expired, its device
 * not deleted, its user not disabled. This runs on every authenticated request; the signed token
 * alone is never trusted. lastSeenAt is refreshed at most once a minute.
 */
export async function validateSession(sessionId: unknown, now = new Date()): Promise<AuthSession | null> {
  const id = sessionIdSchema.safeParse(sessionId);
  if (!id.success) return null;
  const row = await db.session.findUnique({
    where: { id: id.data },
    select: {
      id: true,
      deviceId: true,
      expiresAt: true,
      revokedAt: true,
      lastSeenAt: true,
      verifiedAt: true,
      device: { select: { deletedAt: true } },
      user: { select: { id: true, email: true, name: true, role: true, disabledAt: true } },
    },
  });
  if (!row || row.revokedAt || row.expiresAt <= now || row.device.deletedAt || row.user.disabledAt) return null;
  if (now.getTime() - row.lastSeenAt.getTime() >= LAST_SEEN_THROTTLE_MS) {
    // Conditional on the value we read, so concurrent requests write once.
    const { count } = await db.session.updateMany({ where: { id: row.id, lastSeenAt: row.lastSeenAt }, data: { lastSeenAt: now } });
    if (count) await db.device.update({ where: { id: row.deviceId }, data: { lastSeenAt: now } });
  }
  return { sessionId: row.id, userId: row.user.id, deviceId: row.deviceId, email: row.user.email, name: row.user.name, role: row.user.role, verifiedAt: row.verifiedAt };
}

/** Reads the session token of the current request and validates its Session row. */
export async function readSessionToken(token: string | undefined): Promise<AuthSession | null> {
  if (!token) return null;
  const payload = await decode({ token, secret: getAuthSecret() }).catch(() => null);
  return validateSession(payload?.sid);
}

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
