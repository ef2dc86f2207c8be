import "server-only";
import type { Actor } from "@/server/audit/actor";
import { notFound } from "@/server/errors";

/** A server API key: no user, the ADMIN role, and the key named (`via`) for the audit trail. */
export const isServerCredential = (actor: Actor) => actor.userId === null && actor.role === "ADMIN" && !!actor.context.via;

/**
 * Every operation on a user's data checks itself that the actor may act for that user — the user
 * themself, an administrator, or a server API key — whatever its caller checked: the caller's
 * access level is not the boundary. Anyone else learns nothing: they get the answer a missing
 * `what` ("Device", "Session", …) gets.
 */
export function assertMayActFor(actor: Actor, userId: string, what: string): void {
  const administrator = actor.role === "ADMIN" && (actor.userId !== null || isServerCredential(actor));
  if (actor.userId !== userId && !administrator) throw notFound(what);
}
