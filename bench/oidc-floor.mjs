// The refresh-grant floor for bench/oidc.ts: a bare oidc-provider (its in-memory adapter, nothing
// else) on node:http, one confidential client allowed authorization_code and refresh_token, with
// rotation as ours. It mints REFRESH_CHAINS refresh tokens directly (no interaction), and one access
// token, and prints them as one JSON line, then serves. The introspection floor is
// ../shared/bench-peers/oidc/floor.mjs.
//
// With OIDC_FLOOR_PG_URL set it is instead the same bare provider on PostgreSQL, through the
// smallest adapter that can serve it (one table, one parameterised statement per call, prepared,
// a pool of the size ours uses): what keeping the provider's state in the database costs on this
// machine, with nothing of ours — no device binding, no liveness check, no front door.
import Provider from "oidc-provider";
import pg from "pg";

const port = Number(process.env.OIDC_REFRESH_FLOOR_PORT ?? 3105);
const chains = Number(process.env.REFRESH_CHAINS ?? 50);
const pgUrl = process.env.OIDC_FLOOR_PG_URL;

let adapter;
if (pgUrl) {
  const pool = new pg.Pool({ connectionString: pgUrl, max: Number(process.env.DATABASE_POOL_SIZE) || 10 });
  await pool.query(`DROP TABLE IF EXISTS oidc_floor;
    CREATE TABLE oidc_floor (model text NOT NULL, id text NOT NULL, payload jsonb NOT NULL, grant_id text, uid text,
      user_code text, expires_at timestamptz, consumed_at timestamptz, PRIMARY KEY (model, id));
    CREATE INDEX ON oidc_floor (grant_id); CREATE INDEX ON oidc_floor (uid);`);
  const q = async (name, text, values) => (await pool.query({ name, text, values })).rows;
  const answer = (rows) => rows[0] && (rows[0].consumed ? { ...rows[0].payload, consumed: true } : rows[0].payload);
  adapter = class {
    constructor(model) {
      this.model = model;
    }
    async upsert(id, payload, expiresIn) {
      await q(
        "upsert",
        `INSERT INTO oidc_floor (model, id, payload, grant_id, uid, user_code, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, now() + $7 * interval '1 second')
         ON CONFLICT (model, id) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id, uid = EXCLUDED.uid,
           user_code = EXCLUDED.user_code, expires_at = EXCLUDED.expires_at`,
        [this.model, id, payload, payload.grantId ?? null, payload.uid ?? null, payload.userCode ?? null, expiresIn ?? 31_536_000],
      );
    }
    async find(id) {
      const sql = `SELECT payload, consumed_at IS NOT NULL AS consumed FROM oidc_floor WHERE model = $1 AND id = $2 AND expires_at > now()`;
      return answer(await q("find", sql, [this.model, id]));
    }
    async findByUid(uid) {
      const sql = `SELECT payload, consumed_at IS NOT NULL AS consumed FROM oidc_floor WHERE model = $1 AND uid = $2 AND expires_at > now()`;
      return answer(await q("find-uid", sql, [this.model, uid]));
    }
    async findByUserCode(code) {
      const sql = `SELECT payload, consumed_at IS NOT NULL AS consumed FROM oidc_floor WHERE model = $1 AND user_code = $2 AND expires_at > now()`;
      return answer(await q("find-code", sql, [this.model, code]));
    }
    async consume(id) {
      await q("consume", `UPDATE oidc_floor SET consumed_at = now() WHERE model = $1 AND id = $2`, [this.model, id]);
    }
    async destroy(id) {
      await q("destroy", `DELETE FROM oidc_floor WHERE model = $1 AND id = $2`, [this.model, id]);
    }
    async revokeByGrantId(grantId) {
      await q("revoke", `DELETE FROM oidc_floor WHERE grant_id = $1`, [grantId]);
    }
  };
}

const provider = new Provider(`http://127.0.0.1:${port}`, {
  ...(adapter ? { adapter } : {}),
  clients: [
    {
      client_id: "floor",
      client_secret: "floor-secret",
      grant_types: ["authorization_code", "refresh_token"],
      redirect_uris: ["http://127.0.0.1:9/cb"],
      response_types: ["code"],
    },
  ],
  findAccount: async (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
  scopes: ["openid", "offline_access"],
  features: { devInteractions: { enabled: false }, introspection: { enabled: true, allowedPolicy: async () => true } },
  rotateRefreshToken: true,
  ttl: { AccessToken: 3600, RefreshToken: 86_400, Grant: 86_400, Session: 86_400 },
});
const tokens = [];
let accessToken;
const client = await provider.Client.find("floor");
for (let i = 0; i < chains; i++) {
  const grant = new provider.Grant({ accountId: `user-${i}`, clientId: "floor" });
  grant.addOIDCScope("openid offline_access");
  const grantId = await grant.save();
  const rt = new provider.RefreshToken({
    accountId: `user-${i}`,
    client,
    grantId,
    scope: "openid offline_access",
    gty: "authorization_code",
    authTime: Math.floor(Date.now() / 1000),
  });
  tokens.push(await rt.save());
  // An access token of a grant, as an app introspects ours (the shared floor's is a client-credentials one).
  accessToken ??= await new provider.AccessToken({
    accountId: `user-${i}`,
    client,
    grantId,
    scope: "openid",
    gty: "authorization_code",
  }).save();
}
provider.listen(port, "127.0.0.1", () => console.log(JSON.stringify({ port, tokens, accessToken })));
