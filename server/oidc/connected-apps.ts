import "server-only";
import { db, rawQuery } from "@/server/db/client";
import { recordEvent } from "@/server/audit/record-event";
import type { Actor } from "@/server/audit/actor";
import { notFound } from "@/server/errors";
import { assertMayActFor } from "@/server/auth/assert-may-act-for";
import { endAppAccess } from "@/server/oidc/end-app-access";
import type { ConnectedApp } from "@/lib/apps";

type Row = { clientId: string; name: string; scopes: string[]; firstMs: number; lastMs: number; devices: { id: string; name: string }[] };

/**
 * Every app with access to the account: what it was allowed, when it was first and last used, and
 * on which of the user's devices it is signed in (the devices whose sessions its grants hang from).
 */
export async function listConnectedApps({ actor, userId }: { actor: Actor; userId: string }): Promise<ConnectedApp[]> {
  assertMayActFor(actor, userId, "User");
  const rows = await rawQuery<Row>(
    `SELECT g."clientId", c.name,
            array_agg(DISTINCT x.scope) FILTER (WHERE x.scope <> '') AS scopes,
            (extract(epoch FROM min(g."createdAt")) * 1000)::float8 AS "firstMs",
            (extract(epoch FROM (SELECT max(t."createdAt") FROM "OidcPayload" t WHERE t."accountId" = $1::uuid AND t."clientId" = g."clientId")) * 1000)::float8 AS "lastMs",
            coalesce(json_agg(DISTINCT jsonb_build_object('id', d.id, 'name', d.name)) FILTER (WHERE d.id IS NOT NULL), '[]') AS devices
       FROM "OidcPayload" g
       JOIN "OidcClient" c ON c.id = g."clientId"
       CROSS JOIN LATERAL unnest(string_to_array(coalesce(g.payload->'openid'->>'scope', ''), ' ')) AS x(scope)
       LEFT JOIN "Session" s ON s.id = g."dkSessionId" AND s."revokedAt" IS NULL
       LEFT JOIN "Device" d ON d.id = s."deviceId" AND d."deletedAt" IS NULL
      WHERE g.model = 'Grant' AND g."accountId" = $1::uuid AND (g."expiresAt" IS NULL OR g."expiresAt" > $2::timestamp)
      GROUP BY g."clientId", c.name
      ORDER BY c.name, g."clientId"`,
    [userId, new Date().toISOString()],
  );
  return rows.map((r) => ({
    clientId: r.clientId,
    name: r.name,
    scopes: r.scopes ?? [],
    firstUsedAt: new Date(r.firstMs).toISOString(),
    lastUsedAt: new Date(r.lastMs).toISOString(),
    devices: r.devices,
  }));
}

/**
 * "Remove access": the app's grants and tokens for this user go, its sessions on every device end
 * and it is told (back-channel logout). One transaction with the user's history row; a second
 * removal is "App not found".
 */
export async function removeAppAccess({
  actor,
  userId,
  clientId,
}: {
  actor: Actor;
  userId: string;
  clientId: string;
}): Promise<{ grantsEnded: number }> {
  assertMayActFor(actor, userId, "App");
  return db.$transaction(async (tx) => {
    const app = await tx.oidcClient.findUnique({ where: { id: clientId }, select: { name: true } });
    const grantsEnded = app ? await endAppAccess(tx, { clientId, userId }) : 0;
    if (!grantsEnded) throw notFound("App");
    await recordEvent(tx, {
      actorId: actor.userId,
      userId,
      type: "APP_ACCESS_REMOVED",
      context: actor.context,
      detail: { clientId, appName: app!.name, grantsEnded },
    });
    return { grantsEnded };
  });
}
