import "server-only";
import { db } from "@/server/db/client";
import { recordEvent } from "@/server/audit/record-event";
import type { Actor } from "@/server/audit/actor";
import { assertMayActFor } from "@/server/auth/assert-may-act-for";
import { EMAIL_PREFERENCES, type EmailPreferenceKey, type EmailPreferences } from "@/lib/email-preferences";

const select = Object.fromEntries(EMAIL_PREFERENCES.map((p) => [p.key, true])) as Record<EmailPreferenceKey, true>;

export async function getEmailPreferences(userId: string): Promise<EmailPreferences> {
  return db.user.findUniqueOrThrow({ where: { id: userId }, select });
}

/**
 * Saves the user's "Email me when…" choices, audited with what was turned on and off, in one
 * transaction. Saving the same choices again changes nothing and writes nothing.
 */
export async function updateEmailPreferences({
  actor,
  userId,
  preferences,
}: {
  actor: Actor;
  userId: string;
  preferences: EmailPreferences;
}): Promise<{ changed: number }> {
  assertMayActFor(actor, userId, "User");
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: userId }, select });
    const keys = EMAIL_PREFERENCES.map((p) => p.key).filter((k) => before[k] !== preferences[k]);
    if (!keys.length) return { changed: 0 };
    await tx.user.update({ where: { id: userId }, data: preferences });
    await recordEvent(tx, {
      actorId: actor.userId,
      userId,
      type: "EMAIL_PREFERENCES_CHANGED",
      context: actor.context,
      detail: { turnedOn: keys.filter((k) => preferences[k]), turnedOff: keys.filter((k) => !preferences[k]) },
    });
    return { changed: keys.length };
  });
}
