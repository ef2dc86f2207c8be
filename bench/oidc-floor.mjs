// The refresh-grant floor for bench/oidc.ts: a bare oidc-provider (its in-memory adapter, nothing
// else) on node:http, one confidential client allowed authorization_code and refresh_token, with
// rotation as ours. It mints REFRESH_CHAINS refresh tokens directly (no interaction) and prints them
// as one JSON line, then serves. The introspection floor is ../shared/bench-peers/oidc/floor.mjs.
import Provider from "oidc-provider";

const port = Number(process.env.OIDC_REFRESH_FLOOR_PORT ?? 3105);
const chains = Number(process.env.REFRESH_CHAINS ?? 50);
const provider = new Provider(`http://127.0.0.1:${port}`, {
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
  features: { devInteractions: { enabled: false } },
  rotateRefreshToken: true,
  ttl: { AccessToken: 300, RefreshToken: 86_400, Grant: 86_400, Session: 86_400 },
});
const tokens = [];
for (let i = 0; i < chains; i++) {
  const grant = new provider.Grant({ accountId: `user-${i}`, clientId: "floor" });
  grant.addOIDCScope("openid offline_access");
  const grantId = await grant.save();
  const client = await provider.Client.find("floor");
  const rt = new provider.RefreshToken({
    accountId: `user-${i}`,
    client,
    grantId,
    scope: "openid offline_access",
    gty: "authorization_code",
    authTime: Math.floor(Date.now() / 1000),
  });
  tokens.push(await rt.save());
}
provider.listen(port, "127.0.0.1", () => console.log(JSON.stringify({ port, tokens })));
