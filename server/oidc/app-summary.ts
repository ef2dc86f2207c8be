import "server-only";
import crypto from "node:crypto";
import type { OidcClient } from "@/prisma/generated/client";
import { sealClientSecret } from "@/server/oidc/client-secret";
import type { AppSummary } from "@/lib/validation/apps";

/** A client secret: "dks_" + 32 random bytes; kept sealed (the provider compares it), shown once. */
export function newClientSecret(): { secret: string; secretEnc: string; secretPrefix: string } {
  const secret = `dks_${crypto.randomBytes(32).toString("base64url")}`;
  return { secret, ...sealClientSecret(secret) };
}

/** An app as administrators and the API see it: never its secret. */
export function toAppSummary(row: OidcClient, signIns30d = 0): AppSummary {
  return {
    id: row.id,
    clientId: row.id,
    name: row.name,
    confidential: row.confidential,
    secretPrefix: row.secretPrefix,
    redirectUris: row.redirectUris,
    postLogoutRedirectUris: row.postLogoutRedirectUris,
    backchannelLogoutUri: row.backchannelLogoutUri,
    firstParty: row.firstParty,
    scopes: row.scopes,
    enabled: !row.disabledAt,
    createdAt: row.createdAt.toISOString(),
    signIns30d,
  };
}
