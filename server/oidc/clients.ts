import "server-only";
import { db } from "@/server/db/client";
import { open } from "@/server/crypto/secret-box";
import { CLIENT_SECRET_PURPOSE } from "@/server/oidc/client-secret";
import { onSiblings, tellSiblings } from "@/server/observability/cluster";

/** What the provider and the interaction pages need of a registered app. */
export type ClientFacts = {
  id: string;
  name: string;
  firstParty: boolean;
  scopes: string[];
  metadata: Record<string, unknown>;
};

/**
 * Apps are read on every token and introspection request: kept here for a few seconds, so an
 * administrator's change (a disabled app, a new secret) reaches every instance within that time,
 * and at once on the instance that made it (forgetClient) — on each of its server processes.
 */
const TTL_MS = 5_000;
const cache = new Map<string, { facts: ClientFacts | null; until: number }>();

const FORGET = "oidc-client-changed";
onSiblings(FORGET, (id) => void (typeof id === "string" && cache.delete(id)));

/** After a change to an app has committed: this machine's processes read it again on its next use. */
export function forgetClient(id: string): void {
  cache.delete(id);
  tellSiblings(FORGET, id);
}

/** A registered, enabled app, or null. */
export async function findClient(id: string): Promise<ClientFacts | null> {
  const hit = cache.get(id);
  if (hit && hit.until > Date.now()) return hit.facts;
  const row = await db.oidcClient.findUnique({ where: { id } });
  const facts = row && !row.disabledAt ? toFacts(row) : null;
  cache.set(id, { facts, until: Date.now() + TTL_MS });
  return facts;
}

function toFacts(row: NonNullable<Awaited<ReturnType<typeof db.oidcClient.findUnique>>>): ClientFacts {
  const secret = row.confidential && row.secretEnc ? open(row.secretEnc, CLIENT_SECRET_PURPOSE) : null;
  return {
    id: row.id,
    name: row.name,
    firstParty: row.firstParty,
    scopes: row.scopes,
    // OpenID Connect Dynamic Client Registration's metadata names: what oidc-provider validates.
    metadata: {
      client_id: row.id,
      client_name: row.name,
      ...(row.confidential
        ? { client_secret: secret ?? undefined, token_endpoint_auth_method: "client_secret_basic" }
        : { token_endpoint_auth_method: "none" }),
      application_type: "web",
      redirect_uris: row.redirectUris,
      post_logout_redirect_uris: row.postLogoutRedirectUris,
      ...(row.backchannelLogoutUri ? { backchannel_logout_uri: row.backchannelLogoutUri, backchannel_logout_session_required: true } : {}),
      grant_types: row.scopes.includes("offline_access") ? ["authorization_code", "refresh_token"] : ["authorization_code"],
      response_types: ["code"],
      scope: row.scopes.join(" "),
    },
  };
}

/** The provider's Client model lookup (server/oidc/adapter.ts). */
export async function findClientMetadata(id: string): Promise<Record<string, unknown> | undefined> {
  return (await findClient(id))?.metadata;
}
