import "server-only";
import { appBaseUrl } from "@/server/mail/mail-config";

/** Where the provider is served: `${AUTH_URL}/oidc` is its issuer. */
export const OIDC_PATH = "/oidc";
export const issuer = () => `${appBaseUrl()}${OIDC_PATH}`;
/** What an app is configured with: its OpenID Connect discovery document names every endpoint and the keys. */
export const discoveryUrl = () => `${issuer()}/.well-known/openid-configuration`;
