import "server-only";
import { errors } from "oidc-provider";
import { rawQuery } from "@/server/db/client";
import { liveSessionBounds } from "@/server/config";
import {
  accountsReadInRequest,
  actingSession,
  grantsReadInRequest,
  noteProviderSessionRead,
  replayAtTokenEndpoint,
  type AccountRow,
} from "@/server/oidc/acting-session";
import { auditInsertParams, auditInsertSql } from "@/server/audit/audit-insert-sql";
import { contextFromHeaders } from "@/server/request-context";
import { findClientMetadata } from "@/server/oidc/clients";

type Payload = Record<string, unknown> & { grantId?: string; userCode?: string; uid?: string; accountId?: string; clientId?: string };

/** What may be redeemed once only, as the provider names it in the error's detail. */
const SPENT_ONCE: Record<string, string> = { AuthorizationCode: "authorization code", RefreshToken: "refresh token" };

/** Models bound to the Session acting when they are saved; the rest follow their grant. */
const BOUND_TO_ACTING_SESSION = new Set(["Session", "Grant"]);

/**
 * A bound row is usable only while its Devicekeeper Session is: not revoked, expired or idle past
 * the policy, its device not removed, its user not disabled — the same rule as every request's
 * session check (server/auth/validate-session.ts). Only what names no account (an interaction, a
 * provider session not yet signed in) may be unbound: a token or grant saved with no Session behind
 * it (none acting, or its grant revoked a moment before) is never answered.
 */
const live = (p: string) => `((${p}."dkSessionId" IS NULL AND (${p}."accountId" IS NULL OR ${p}.model = 'Interaction')) OR EXISTS (
   SELECT 1 FROM "Session" s
     JOIN "Device" d ON d.id = s."deviceId" AND d."deletedAt" IS NULL
     JOIN "User" u ON u.id = s."userId" AND u."disabledAt" IS NULL
    WHERE s.id = ${p}."dkSessionId" AND s."revokedAt" IS NULL AND s."expiresAt" > $2::timestamp AND s."lastSeenAt" > $3::timestamp))`;
const usable = (p: string) => `(${p}."expiresAt" IS NULL OR ${p}."expiresAt" > $2::timestamp) AND ${live(p)}`;

/**
 * oidc-provider's storage on our database (PostgreSQL or PGlite, one migration history): one row
 * per stored model instance. Expired rows are never answered and go with the prune.
 */
export class OidcAdapter {
  constructor(private readonly model: string) {}

  async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
    if (this.model === "Grant") grantsReadInRequest()?.delete(id);
    const acting = BOUND_TO_ACTING_SESSION.has(this.model) ? (actingSession()?.sessionId ?? null) : null;
    await rawQuery(
      `INSERT INTO "OidcPayload" (model, id, payload, "grantId", "userCode", uid, "accountId", "clientId", "dkSessionId", "expiresAt", "createdAt")
       VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7::uuid, $8, coalesce($9::uuid,
               (SELECT g."dkSessionId" FROM "OidcPayload" g WHERE g.model = 'Grant' AND g.id = $4 AND $1 <> 'Grant')), $10::timestamp,
               $11::timestamp)
       ON CONFLICT (model, id) DO UPDATE
         SET payload = EXCLUDED.payload, "grantId" = EXCLUDED."grantId", "userCode" = EXCLUDED."userCode", uid = EXCLUDED.uid,
             "accountId" = EXCLUDED."accountId", "clientId" = EXCLUDED."clientId", "expiresAt" = EXCLUDED."expiresAt",
             "dkSessionId" = coalesce(EXCLUDED."dkSessionId", "OidcPayload"."dkSessionId")`,
      [
        this.model,
        id,
        JSON.stringify(withoutNul(payload)),
        payload.grantId ?? null,
        payload.userCode ?? null,
        payload.uid ?? null,
        uuidOrNull(payload.accountId),
        payload.clientId ?? null,
        acting,
        expiresIn ? new Date(Date.now() + expiresIn * 1000).toISOString() : null,
        // This process's clock, to the millisecond, as the session times it is compared with
        // (an interaction's start, for prompt=login: server/oidc/interactions.ts). Kept on update.
        new Date().toISOString(),
      ],
    );
  }

  async find(id: string): Promise<Payload | undefined> {
    if (id.includes("\0")) return undefined; // never an id we made; PostgreSQL text cannot hold it
    if (this.model === "Client") return findClientMetadata(id);
    const grants = grantsReadInRequest();
    if (this.model === "Grant" && grants?.has(id)) return grants.get(id);
    const found = (await lookUp(id, this.model)).get(this.model);
    if (found?.grantId && grants) grants.set(found.grantId, found.grant);
    if (found?.account) accountsReadInRequest()?.set(found.account.id, found.account);
    if (this.model === "Session" && found?.payload) noteProviderSessionRead(found.payload as { authorizations?: Record<string, unknown> });
    return found?.payload;
  }

  async findByUid(uid: string): Promise<Payload | undefined> {
    return this.findWhere(`p.uid = $4`, uid);
  }

  async findByUserCode(userCode: string): Promise<Payload | undefined> {
    return this.findWhere(`p."userCode" = $4`, userCode);
  }

  private async findWhere(condition: string, value: string): Promise<Payload | undefined> {
    if (value.includes("\0")) return undefined;
    const [row] = await rawQuery<{ payload: Payload; consumed: boolean }>(
      `SELECT p.payload, p."consumedAt" IS NOT NULL AS consumed FROM "OidcPayload" p
        WHERE p.model = $1 AND ${condition} AND ${usable("p")}
        LIMIT 1`,
      [this.model, ...liveSessionBounds(), value],
    );
    if (!row) return undefined;
    return row.consumed ? { ...row.payload, consumed: true } : row.payload;
  }

  async consume(id: string): Promise<void> {
    const [spent] = await rawQuery<{ id: string }>(
      `UPDATE "OidcPayload" SET "consumedAt" = now() WHERE model = $1 AND id = $2 AND "consumedAt" IS NULL RETURNING id`,
      [this.model, id],
    );
    const what = SPENT_ONCE[this.model];
    if (spent || !what) return;
    // The provider read it unspent, but another request spent it since (two redemptions at once, on
    // two connections): the second is a replay like any other — refused, and the grant revoked.
    const [row] = await rawQuery<{ grantId: string | null }>(`SELECT "grantId" FROM "OidcPayload" WHERE model = $1 AND id = $2`, [
      this.model,
      id,
    ]);
    if (row?.grantId) {
      // The grant goes too (as the provider's own replay check does): what the first redemption is
      // still saving then hangs from no grant and no session, and is never answered.
      await this.revokeByGrantId(row.grantId);
      await rawQuery(`DELETE FROM "OidcPayload" WHERE model = 'Grant' AND id = $1`, [row.grantId]);
    }
    throw new errors.InvalidGrant(`${what} already used`);
  }

  async destroy(id: string): Promise<void> {
    if (this.model === "Grant") grantsReadInRequest()?.delete(id);
    await rawQuery(`DELETE FROM "OidcPayload" WHERE model = $1 AND id = $2`, [this.model, id]);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    grantsReadInRequest()?.delete(grantId);
    const replay = replayAtTokenEndpoint();
    if (!replay) return void (await rawQuery(`DELETE FROM "OidcPayload" WHERE "grantId" = $1`, [grantId]));
    // A spent code or refresh token came back: its grant's tokens go, the app's sign-in leaves the
    // provider session and the app is told (a back-channel logout for that sid: what it still shows
    // as signed in is no longer backed by any token), and the user's history says so (on the device
    // that sign-in hangs from, from where the copy was used) — in the same statement. The provider
    // asks once per model; the first call deletes every row, the others find none.
    const [queued] = await rawQuery<{ queued: number }>(
      `WITH gone AS (DELETE FROM "OidcPayload" WHERE "grantId" = $1 RETURNING "accountId", "clientId", "dkSessionId"),
            one AS (SELECT g."accountId", g."clientId", s."deviceId" FROM gone g LEFT JOIN "Session" s ON s.id = g."dkSessionId"
                     WHERE g."accountId" IS NOT NULL ORDER BY s."deviceId" NULLS LAST LIMIT 1),
            signed AS (SELECT p.model, p.id, p.payload, p."dkSessionId", app.id AS "clientId"
                         FROM (SELECT DISTINCT "clientId" AS id, "accountId" FROM gone WHERE "clientId" IS NOT NULL AND "accountId" IS NOT NULL) app
                         -- The user's provider sessions (by the accountId index), then the one whose sign-in to this app is the grant.
                         JOIN "OidcPayload" p ON p."accountId" = app."accountId" AND p.model = 'Session'
                                             AND p.payload->'authorizations'->app.id->>'grantId' = $1
                          FOR UPDATE OF p),
            logouts AS (INSERT INTO "LogoutDelivery" (id, "clientId", sub, sid, "dkSessionId", uri)
                        SELECT gen_random_uuid(), s."clientId", s.payload->>'accountId', s.payload->'authorizations'->s."clientId"->>'sid', s."dkSessionId",
                               c."backchannelLogoutUri"
                          FROM signed s JOIN "OidcClient" c ON c.id = s."clientId" AND c."backchannelLogoutUri" IS NOT NULL
                         WHERE s.payload->>'accountId' IS NOT NULL
                        RETURNING 1),
            forgotten AS (UPDATE "OidcPayload" p SET payload = p.payload #- ARRAY['authorizations', s."clientId"]
                            FROM signed s WHERE p.model = s.model AND p.id = s.id RETURNING 1),
            audit AS (${auditInsertSql(
              {
                userId: `one."accountId"`,
                deviceId: `one."deviceId"`,
                detail: `jsonb_build_object('clientId', one."clientId", 'appName', $3::text, 'grantType', $4::text)`,
                at: "$2::timestamp",
                from: "FROM one",
              },
              5,
            )})
       SELECT (SELECT count(*) FROM logouts)::int AS queued`,
      [
        grantId,
        new Date().toISOString(),
        replay.appName,
        replay.grantType,
        ...auditInsertParams({ actorId: null, type: "APP_TOKEN_REPLAYED", context: contextFromHeaders(replay.headers) }),
      ],
    );
    if (queued?.queued) await rawQuery(`SELECT pg_notify('devicekeeper_logout', '')`, []);
  }
}

type Found = { payload: Payload; grantId: string | null; grant: Payload | undefined; account: AccountRow | null };

/** Lookups of one id not yet sent: the provider asks for a token as several models at once. */
const pending = new Map<string, { models: Set<string>; rows: Promise<Map<string, Found>> }>();

/**
 * A stored instance by id, with its grant and its user: one statement for every model asked for
 * that id in the same tick (introspection asks for an access token and a refresh token together),
 * for the grant the provider reads next and for the user its findAccount reads then (a refresh or
 * userinfo request). Each answer is what the one-model lookup would give: unexpired, live.
 */
function lookUp(id: string, model: string): Promise<Map<string, Found>> {
  let batch = pending.get(id);
  if (!batch) {
    const models = new Set<string>();
    const rows = Promise.resolve().then(async () => {
      pending.delete(id);
      const found = await rawQuery<{
        model: string;
        payload: Payload;
        consumed: boolean;
        grantId: string | null;
        grant: Payload | null;
        userId: string | null;
        email: string;
        name: string;
        verified: boolean;
      }>(
        `SELECT p.model, p.payload, p."consumedAt" IS NOT NULL AS consumed, p."grantId", g.payload AS grant,
                u.id AS "userId", u.email, u.name, u."emailVerifiedAt" IS NOT NULL AS verified
           FROM "OidcPayload" p
           LEFT JOIN "OidcPayload" g ON p.model <> 'Grant' AND g.model = 'Grant' AND g.id = p."grantId" AND ${usable("g")}
           LEFT JOIN "User" u ON u.id = p."accountId" AND u."disabledAt" IS NULL
          WHERE p.model = ANY($1::text[]) AND p.id = $4 AND ${usable("p")}`,
        [[...models], ...liveSessionBounds(), id],
      );
      return new Map(
        found.map((r) => [
          r.model,
          {
            payload: r.consumed ? { ...r.payload, consumed: true } : r.payload,
            grantId: r.grantId,
            grant: r.grant ?? undefined,
            account: r.userId ? { id: r.userId, email: r.email, name: r.name, verified: r.verified } : null,
          },
        ]),
      );
    });
    batch = { models, rows };
    pending.set(id, batch);
  }
  batch.models.add(model);
  return batch.rows;
}

/**
 * The payload without NUL characters (a client may send one in `state` or `nonce`, which the
 * provider stores as given): PostgreSQL's jsonb cannot hold \u0000, and it is never meaningful.
 */
function withoutNul(value: unknown): unknown {
  if (typeof value === "string") return value.includes("\0") ? value.replaceAll("\0", "") : value;
  if (Array.isArray(value)) return value.map(withoutNul);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNul(v)]));
  return value;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidOrNull = (v: unknown) => (typeof v === "string" && UUID.test(v) ? v : null);
