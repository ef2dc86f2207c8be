import "server-only";
import { fromEpochMs, rawQuery, sqlEpochMs } from "@/server/db";
import { contextDetail } from "@/server/audit/record-event";
import type { Actor } from "@/server/audit/actor";
import { notFound } from "@/server/errors";
import { assertAdmin } from "@/server/admin/assert-admin";
import type { UserAuthenticatorItem } from "@/server/admin/list-user-devices";
import { authenticatorIdSchema } from "@/lib/security";

type Target = { actor: Actor; userId: string };

/** The audit row's actor, client, credential (`via`) and time — UTC, as Prisma writes it (the database's session time zone may differ). */
const auditParams = (actor: Actor) => [
  actor.userId,
  actor.context.ip,
  actor.context.userAgent,
  JSON.stringify(contextDetail(actor.context)),
  new Date().toISOString(),
];

/**
 * Deletes every authenticator of a kind of the user (or, with kind RECOVERY_CODES, every recovery
 * code) and audits it — one statement (one transaction, one round trip: these are REST API
 * actions, see bench/peers). `alsoSql` runs in it. An unknown user is "User not found".
 */
async function resetKind(
  { actor, userId }: Target,
  kind: "TOTP" | "PUSH" | "RECOVERY_CODES",
  event: string,
  alsoSql = "",
): Promise<{ result: true; removed: number }> {
  assertAdmin(actor);
  const del =
    kind === "RECOVERY_CODES"
      ? // $2 (the kind) is referenced anyway: Postgres cannot type a parameter the statement never uses.
        `DELETE FROM "RecoveryCode" r USING u WHERE r."userId" = u.id AND $2::text IS NOT NULL RETURNING r.id`
      : `DELETE FROM "Authenticator" a USING u WHERE a."userId" = u.id AND a.kind = $2::"AuthenticatorKind" RETURNING a.id`;
  const [row] = await rawQuery<{ found: number; removed: number }>(
    `WITH u AS (SELECT id FROM "User" WHERE id = $1::uuid),
     del AS (${del}),
     ${alsoSql}
     audit AS (INSERT INTO "AuditEvent" (id, "actorId", "userId", type, ip, "userAgent", detail, "createdAt")
               SELECT gen_random_uuid(), $4::uuid, u.id, $3, $5, $6, jsonb_build_object('removed', (SELECT count(*) FROM del)) || $7::jsonb, $8::timestamp FROM u)
     SELECT (SELECT count(*) FROM u)::int AS found, (SELECT count(*) FROM del)::int AS removed`,
    [userId, kind, event, ...auditParams(actor)],
  );
  if (!row?.found) throw notFound("User");
  return { result: true, removed: row.removed };
}

/** Ping Identity AIC "Reset OATH": delete every authenticator app of the user and set the skip option back to Not Set. */
export const resetOath = (target: Target) =>
  resetKind(
    target,
    "TOTP",
    "ADMIN_RESET_OATH",
    `skip AS (UPDATE "User" x SET "mfaSkip" = 'NOT_SET', "updatedAt" = $8::timestamp FROM u WHERE x.id = u.id),`,
  );

/** Ping Identity AIC "Reset push": delete every push authenticator of the user. */
export const resetPush = (target: Target) => resetKind(target, "PUSH", "ADMIN_RESET_PUSH");

/**
 * Ping Identity AIC: delete one WebAuthn credential or one bound device of the user, audited, in one
 * statement. (Deleting a bound device on the server does not remove the keys stored on the device.)
 */
export async function deleteUserAuthenticator({
  actor,
  userId,
  authenticatorId,
  kind,
}: Target & { authenticatorId: string; kind: "WEBAUTHN" | "BINDING" }): Promise<UserAuthenticatorItem> {
  assertAdmin(actor);
  const what = kind === "WEBAUTHN" ? "WebAuthn device" : "Bound device";
  if (!authenticatorIdSchema.safeParse(authenticatorId).success) throw notFound(what);
  const [row] = await rawQuery<Omit<UserAuthenticatorItem, "createdAt" | "lastUsedAt"> & { createdMs: number; lastUsedMs: number | null }>(
    `WITH del AS (DELETE FROM "Authenticator" WHERE id = $1::uuid AND "userId" = $2::uuid AND kind = $3::"AuthenticatorKind"
                  RETURNING id, "userId", "deviceId", name, "createdAt", "lastUsedAt", "credentialId", "platformDeviceId", "signCount"),
     audit AS (INSERT INTO "AuditEvent" (id, "actorId", "userId", "deviceId", type, ip, "userAgent", detail, "createdAt")
               SELECT gen_random_uuid(), $5::uuid, del."userId", del."deviceId", $4, $6, $7, jsonb_build_object('name', del.name) || $8::jsonb, $9::timestamp FROM del)
     SELECT id, name, "credentialId", "platformDeviceId", "signCount",
            ${sqlEpochMs(`"createdAt"`)} AS "createdMs", ${sqlEpochMs(`"lastUsedAt"`)} AS "lastUsedMs"
       FROM del`,
    [authenticatorId, userId, kind, kind === "WEBAUTHN" ? "ADMIN_DELETED_WEBAUTHN" : "ADMIN_DELETED_BINDING", ...auditParams(actor)],
  );
  if (!row) throw notFound(what);
  const { createdMs, lastUsedMs, ...rest } = row;
  return { ...rest, createdAt: new Date(createdMs), lastUsedAt: fromEpochMs(lastUsedMs) };
}

/** The user's recovery codes stop working (regenerating them is the user's own action). */
export async function revokeRecoveryCodes(target: Target): Promise<{ removed: number }> {
  const { removed } = await resetKind(target, "RECOVERY_CODES", "ADMIN_REVOKED_RECOVERY_CODES");
  return { removed };
}
