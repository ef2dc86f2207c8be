import "server-only";
import { seal } from "@/server/crypto/secret-box";

/** What a client secret is sealed for (server/crypto/secret-box.ts); opened by server/oidc/clients.ts. */
export const CLIENT_SECRET_PURPOSE = "oidc-client-secret";

/** A client secret as stored: sealed with AUTH_SECRET (the provider compares it), and its first characters ("dks_AbCd"). */
export const sealClientSecret = (secret: string) => ({ secretEnc: seal(secret, CLIENT_SECRET_PURPOSE), secretPrefix: secret.slice(0, 8) });
