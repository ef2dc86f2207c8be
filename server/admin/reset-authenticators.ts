import "server-only";
import { fromEpochMs, rawQuery, sqlEpochMs } from "@/server/db/client";
import { auditInsertParams, auditInsertSql } from "@/server/audit/audit-insert-sql";
import type { AuditEventType } from "@/server/audit/record-event";
import type { Actor } from "@/server/audit/actor";
import { notFound } from "@/server/errors";
import { assertAdmin } from "@/server/auth/assert-admin";
import type { UserAuthenticatorItem } from "@/server/admin/list-user-devices";
import { signatureAlgorithmOf } from "@/server/mfa/signature-algorithm";
import { authenticatorIdSchema } from "@/lib/validation/security";

type Target = { actor: Actor; userId: string };

type Reset = "OATH" | "PUSH" | "RECOVERY_CODES";

const deleteAuthenticators = (kind: "TOTP" | "PUSH") =>
  `DELETE FROM "Authenticator" a USING u WHERE a."userId" = u.id AND a.kind = '${kind}'::"AuthenticatorKind" RETURNING a.id`;

/** What each reset deletes (SQL over the user `u`), what else it changes (`$2` is now) and how it is audited. */
const RESETS: Record<Reset, { del: string; also?: string; event: AuditEventType }> = {
  OATH: {
    del: deleteAuthenticators("TOTP"),
    also: `skip AS (UPDATE "User" x SET "mfaSkip" = 'NOT_SET', "updatedAt" = $2::timestamp FROM u WHERE x.id = u.id),`,
    event: "ADMIN_RESET_OATH",
  },
  PUSH: { del: deleteAuthenticators("PUSH"), event: "ADMIN_RESET_PUSH" },
  RECOVERY_CODES: {
    del: `DELETE FROM "RecoveryCode" r USING u WHERE r."userId" = u.id RETURNING r.id`,
    event: "ADMIN_REVOKED_RECOVERY_CODES",
  },
};

/** $1 the user, $2 now, then the audit row's parameters. One fixed text per reset. */
const RESET_SQL = Object.fromEntries(
  Object.entries(RESETS).map(([reset, { del, also = "" }]) => [
    reset,
    `WITH u AS (SELECT id FROM "User" WHERE id = $1::uuid),
     del AS (${del}),
     ${also}
     audit AS (${auditInsertSql({ userId: "u.id", detail: `jsonb_build_object('removed', (SELECT count(*) FROM del))`, at: "$2::timestamp", from: "FROM u" }, 3)})
     SELECT (SELECT count(*) FROM u)::int AS found, (SELECT count(*) FROM del)::int AS removed`,
  ]),
) as Record<Reset, string>;

/**
 * Deletes every authenticator of a kind of the user (or every recovery code) and audits it — one
 * statement (one transaction, one round trip: these are REST API actions, see bench/peers). An
 * unknown user is "User not found".
 */
async function reset({ actor, userId }: Target, which: Reset): Promise<{ result: true; removed: number }> {
  assertAdmin(actor);
  const [row] = await rawQuery<{ found: number; removed: number }>(RESET_SQL[which], [
    userId,
    new Date().toISOString(), // UTC, as Prisma writes it (the database's session time zone may differ)
    ...auditInsertParams({ actorId: actor.userId, type: RESETS[which].event, context: actor.context }),
  ]);
  if (!row?.found) throw notFound("User");
  return { result: true, removed: row.removed };
}

/** Ping Identity AIC "Reset OATH": delete every authenticator app of the user and set the skip option back to Not Set. */
export const resetOath = (target: Target) => reset(target, "OATH");

/** Ping Identity AIC "Reset push": delete every push authenticator of the user. */
export const resetPush = (target: Target) => reset(target, "PUSH");

/** The deleted item: a WebAuthn credential also says its signature algorithm (from its public key, which is not returned). */
export type DeletedAuthenticator = UserAuthenticatorItem & { algorithm: string | null };

/** $1 the authenticator, $2 its user, $3 its kind, $4 now, then the audit row's parameters. */
const DELETE_AUTHENTICATOR_SQL = `WITH del AS (DELETE FROM "Authenticator" WHERE id = $1::uuid AND "userId" = $2::uuid AND kind = $3::"AuthenticatorKind"
              RETURNING id, "userId", "deviceId", name, "createdAt", "lastUsedAt", "credentialId", "platformDeviceId", "signCount", "publicKey"),
 audit AS (${auditInsertSql({ userId: 'del."userId"', deviceId: 'del."deviceId"', detail: "jsonb_build_object('name', del.name)", at: "$4::timestamp", from: "FROM del" }, 5)})
 SELECT id, name, "credentialId", "platformDeviceId", "signCount", "publicKey",
        ${sqlEpochMs(`"createdAt"`)} AS "createdMs", ${sqlEpochMs(`"lastUsedAt"`)} AS "lastUsedMs"
   FROM del`;

/**
 * Ping Identity AIC: delete one WebAuthn credential or one bound device of the user, audited, in one
 * statement. (Deleting a bound device on the server does not remove the keys stored on the device.)
 */
export async function deleteUserAuthenticator({
  actor,
  userId,
  authenticatorId,
  kind,
}: Target & { authenticatorId: string; kind: "WEBAUTHN" | "BINDING" }): Promise<DeletedAuthenticator> {
  assertAdmin(actor);
  const what = kind === "WEBAUTHN" ? "WebAuthn device" : "Bound device";
  if (!authenticatorIdSchema.safeParse(authenticatorId).success) throw notFound(what);
  type Row = Omit<UserAuthenticatorItem, "createdAt" | "lastUsedAt"> & {
    createdMs: number;
    lastUsedMs: number | null;
    publicKey: Uint8Array | null;
  };
  const [row] = await rawQuery<Row>(DELETE_AUTHENTICATOR_SQL, [
    authenticatorId,
    userId,
    kind,
    new Date().toISOString(),
    ...auditInsertParams({
      actorId: actor.userId,
      type: kind === "WEBAUTHN" ? "ADMIN_DELETED_WEBAUTHN" : "ADMIN_DELETED_BINDING",
      context: actor.context,
    }),
  ]);
  if (!row) throw notFound(what);
  const { createdMs, lastUsedMs, publicKey, ...rest } = row;
  const algorithm = kind === "WEBAUTHN" && publicKey ? signatureAlgorithmOf(publicKey) : null;
  return { ...rest, createdAt: new Date(createdMs), lastUsedAt: fromEpochMs(lastUsedMs), algorithm };
}

/** The user's recovery codes stop working (regenerating them is the user's own action). */
export async function revokeRecoveryCodes(target: Target): Promise<{ removed: number }> {
  const { removed } = await reset(target, "RECOVERY_CODES");
  return { removed };
}
