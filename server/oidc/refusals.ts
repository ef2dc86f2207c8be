import "server-only";
import type { KoaContextWithOIDC } from "oidc-provider";

/*
 * What an app's developer is told when the token, introspection or revocation endpoint refuses a
 * request. oidc-provider answers every refused grant "invalid_grant: grant request is invalid" and
 * keeps the reason (`error_detail`) for the server's log — which the people connecting an app
 * usually cannot read. The reasons below concern the app's own request and are said in the answer's
 * `error_description` (RFC 6749 §5.2: "to assist the client developer"), as Keycloak does. A failed
 * client authentication says how apps authenticate here when no HTTP Basic credentials came (NOT_BASIC),
 * and nothing more: no hint whether the client id exists, or of what kind the app is.
 */

const GRANT: [RegExp, string][] = [
  [
    /^code_verifier must be provided$/,
    "code_verifier is missing: send the PKCE verifier whose S256 code_challenge the authorization request carried.",
  ],
  [/^code_verifier does not match code_challenge$/, "code_verifier does not match the code_challenge of the authorization request."],
  [
    /^authorization code not found$/,
    "The authorization code is not valid: it expired (it lives 60 seconds), its sign-in ended, or it was never issued.",
  ],
  [/^authorization code is expired$/, "The authorization code expired: exchange it within 60 seconds."],
  [
    /^authorization code (already consumed|already used)$/,
    "The authorization code was already used. A code used twice may have been copied: every token issued from it is revoked, and the app is sent a back-channel logout if it registered a URI for them. Sign the user in again.",
  ],
  [/^authorization code redirect_uri mismatch$/, "redirect_uri is not the one the authorization request used."],
  [
    /^refresh token not found$/,
    "The refresh token is not valid: its sign-in ended (the device was signed out, the app's access removed, or the user's session expired), or it was never issued. Sign the user in again.",
  ],
  [/^refresh token is expired$/, "The refresh token expired. Sign the user in again."],
  [
    /^refresh token already used$/,
    "The refresh token was already used: each refresh answers a new one. One used twice may have been copied: every token of that sign-in is revoked, and the app is sent a back-channel logout if it registered a URI for them. Sign the user in again.",
  ],
  [/^client mismatch$/, "This code or token was issued to another app."],
  [/^grant (not found|is expired)$/, "The sign-in this was issued in has ended. Sign the user in again."],
  [/invalid \(referenced account not found\)$/, "The user's account is disabled or gone."],
];

/**
 * Said of every refused client authentication that sent no HTTP Basic credentials — a secret in the
 * body, or a client_id alone — whether or not the app exists and whatever its kind: the answer
 * tells nothing of the app, only how Devicekeeper's apps authenticate (the discovery document says
 * as much). With Basic credentials it stays "client authentication failed".
 */
const NOT_BASIC =
  "Client authentication failed: the app is unknown or disabled, or did not authenticate as registered. A confidential app sends its client_id and secret in the Authorization header (HTTP Basic, client_secret_basic), not in the request body; " +
  "a public app sends its client_id only, and uses PKCE. With openid-client 6: client.discovery(issuer, clientId, undefined, client.ClientSecretBasic(secret)).";

/** The description to answer for a refused request, or null to keep the provider's. */
export function describeRefusal(ctx: KoaContextWithOIDC, err: { error?: string; error_detail?: string }): string | null {
  if (err.error === "invalid_client") return /^basic /i.test(ctx.get("authorization")) ? null : NOT_BASIC;
  const detail = err.error_detail;
  if (err.error !== "invalid_grant" || !detail) return null;
  return GRANT.find(([re]) => re.test(detail))?.[1] ?? null;
}
