import "server-only";
import { db, rawQuery } from "@/server/db/client";
import type { Actor } from "@/server/audit/actor";
import { assertAdmin } from "@/server/auth/assert-admin";
import { notFound } from "@/server/errors";
import { toAppSummary } from "@/server/oidc/app-summary";
import { appIdSchema, type AppSummary } from "@/lib/validation/apps";

const THIRTY_DAYS_MS = 30 * 86_400_000;

/** Sign-ins through each app in the last 30 days (from the users' histories). */
async function signInCounts(appId?: string): Promise<Map<string, number>> {
  const rows = await rawQuery<{ appId: string; n: number }>(
    `SELECT detail->>'clientId' AS "appId", count(*)::int AS n FROM "AuditEvent"
      WHERE type = 'APP_SIGNED_IN' AND "createdAt" > $1::timestamp AND ($2::text IS NULL OR detail->>'clientId' = $2)
      GROUP BY 1`,
    [new Date(Date.now() - THIRTY_DAYS_MS).toISOString(), appId ?? null],
  );
  return new Map(rows.map((r) => [r.appId, r.n]));
}

/** Every registered app, by name (administrators and server keys). */
export async function listApps({ actor }: { actor: Actor }): Promise<AppSummary[]> {
  assertAdmin(actor);
  const [rows, counts] = await Promise.all([db.oidcClient.findMany({ orderBy: [{ name: "asc" }, { id: "asc" }] }), signInCounts()]);
  return rows.map((r) => toAppSummary(r, counts.get(r.id) ?? 0));
}

/** One app, or "App not found". */
export async function getApp({ actor, appId }: { actor: Actor; appId: string }): Promise<AppSummary> {
  assertAdmin(actor);
  if (!appIdSchema.safeParse(appId).success) throw notFound("App");
  const [row, counts] = await Promise.all([db.oidcClient.findUnique({ where: { id: appId } }), signInCounts(appId)]);
  if (!row) throw notFound("App");
  return toAppSummary(row, counts.get(appId) ?? 0);
}
