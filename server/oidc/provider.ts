import "server-only";
import crypto from "node:crypto";
import Provider, { interactionPolicy, type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import { rawQuery } from "@/server/db/client";
import { envNumber, getAuthSecret, getPreviousAuthSecrets, sessionPolicy } from "@/server/config";
import { issuer, OIDC_PATH } from "@/server/oidc/issuer";
import { OidcAdapter } from "@/server/oidc/adapter";
import { findClient } from "@/server/oidc/clients";
import { currentSigningKey, loadSigningKeys, signingKeysChanged } from "@/server/oidc/signing-keys";
import { authorizeFirstPartyApp } from "@/server/oidc/grants";
import { queueLogout } from "@/server/oidc/logout-outbox";
import { logoutPage, errorPage, signedOutPage } from "@/server/oidc/pages";
import { describeRefusal } from "@/server/oidc/refusals";
import { recordAppSignIn, recordAppSignOut } from "@/server/oidc/app-events";
import { ACR_MFA, ACR_PASSWORD } from "@/server/oidc/authentication";
import { SILENT } from "@/server/oidc/interactions";
import { logger } from "@/server/observability/logger";
import { touchSessionOfGrant } from "@/server/oidc/session-activity";
import {
  accountsReadInRequest,
  actingSession,
  noteProviderRequest,
  providerSessionAppsAtStart,
  type AccountRow,
} from "@/server/oidc/acting-session";
import { signOut } from "@/server/auth/sign-out";
import { sessionCookieName } from "@/server/auth/cookies";
import { contextFromHeaders } from "@/server/request-context";

// The issuer lives in its own module, so a page can show it without loading oidc-provider.
export { OIDC_PATH, issuer } from "@/server/oidc/issuer";

/** An access token's life (OIDC_ACCESS_TOKEN_TTL_SECONDS, default 5 minutes): apps check it on every use, not only its expiry. */
export const accessTokenTtl = (env = process.env) => envNumber(env.OIDC_ACCESS_TOKEN_TTL_SECONDS, 300);

/** The provider's signed-cookie keys, derived from AUTH_SECRET (and the ones being rotated out). */
const cookieKeys = () =>
  [getAuthSecret(), ...getPreviousAuthSecrets()].map((s) =>
    Buffer.from(crypto.hkdfSync("sha256", s, "devicekeeper", "oidc-cookies", 32)).toString("base64url"),
  );

/** How apps authenticate, at every endpoint that asks: a confidential app with HTTP Basic, a public one not at all (with PKCE). */
const CLIENT_AUTH_METHODS = ["client_secret_basic", "none"] as const;

type Refusal = Error & { error?: string; error_detail?: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An app may introspect or revoke only the tokens it was issued. */
const ownTokensOnly = (_ctx: KoaContextWithOIDC, client: { clientId: string }, token: { clientId?: string }) =>
  token.clientId === client.clientId;

/**
 * The OpenID Provider (oidc-provider, certified): Devicekeeper's accounts for an organisation's
 * apps. Its storage is ours (server/oidc/adapter.ts), every session and grant bound to the
 * Devicekeeper Session it came from; its sign-in and consent are Devicekeeper's own pages
 * (server/oidc/interactions.ts); back-channel logouts leave through our outbox.
 */
export async function createProvider(now = new Date()): Promise<Provider> {
  const keys = await loadSigningKeys(now);
  const sessionTtl = Math.floor(sessionPolicy().maxAgeMs / 1000);
  const configuration: Configuration = {
    adapter: OidcAdapter,
    clients: [],
    async findAccount(_ctx, sub) {
      // Asked on every token and userinfo request, right after the storage read the token that names
      // the user — and the user with it (server/oidc/adapter.ts); otherwise one plain statement.
      if (!UUID.test(sub)) return undefined;
      const user =
        accountsReadInRequest()?.get(sub) ??
        (
          await rawQuery<AccountRow>(
            `SELECT id, email, name, "emailVerifiedAt" IS NOT NULL AS verified FROM "User" WHERE id = $1::uuid AND "disabledAt" IS NULL`,
            [sub],
          )
        )[0];
      if (!user) return undefined;
      return {
        accountId: user.id,
        claims: () => ({ sub: user.id, email: user.email, email_verified: user.verified, name: user.name }),
      };
    },
    // How the user signed in (acr, amr, auth_time) comes with every ID token: apps decide on it.
    claims: { openid: ["sub", "acr", "amr", "auth_time"], email: ["email", "email_verified"], profile: ["name"] },
    scopes: ["openid", "offline_access", "email", "profile"],
    acrValues: [ACR_PASSWORD, ACR_MFA],
    // Name, email and the rest in the ID token too, not only from userinfo: what most apps read.
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: false },
      introspection: { enabled: true, allowedPolicy: ownTokensOnly },
      revocation: { enabled: true, allowedPolicy: ownTokensOnly },
      userinfo: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource: logoutPage, postLogoutSuccessSource: signedOutPage },
      // Not offered (on by default in oidc-provider): what the discovery document lists is what is
      // documented and tested here (docs/oidc.md).
      dPoP: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
    },
    // An app authenticates as it was registered: a confidential one with its secret in the Basic
    // header, a public one with none (and PKCE). No JWT assertions: apps cannot register keys.
    clientAuthMethods: [...CLIENT_AUTH_METHODS],
    // The same at introspection and revocation (RFC 8414 names them apart; oidc-provider lists only the token endpoint's).
    discovery: {
      claim_types_supported: ["normal"],
      introspection_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
      revocation_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    },
    // prompt=none from a browser signed in here (server/oidc/mount.ts).
    extraParams: [SILENT],
    interactions: { url: (_ctx, interaction) => `${OIDC_PATH}/interaction/${interaction.uid}`, policy: signInPolicy() },
    // First-party apps (an administrator's flag) are not asked for consent: their grant is made here.
    loadExistingGrant: authorizeFirstPartyApp,
    // Tokens die with the Devicekeeper Session (the adapter checks it on every lookup), not with the provider's cookie session.
    expiresWithSession: async () => false,
    rotateRefreshToken: true,
    ttl: {
      AccessToken: accessTokenTtl(),
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 3600,
      Grant: sessionTtl,
      Session: sessionTtl,
      RefreshToken: sessionTtl,
    },
    cookies: {
      keys: cookieKeys(),
      long: { signed: true, httpOnly: true, sameSite: "lax" },
      short: { signed: true, httpOnly: true, sameSite: "lax" },
      names: { session: "dk.oidc.session", interaction: "dk.oidc.interaction", resume: "dk.oidc.resume" },
    },
    jwks: { keys: keys as unknown as NonNullable<Configuration["jwks"]>["keys"] },
    clientDefaults: {
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
      id_token_signed_response_alg: "RS256",
    },
    responseTypes: ["code"],
    renderError: errorPage,
  };
  const provider = new Provider(issuer(), configuration);
  /** The error each refused token, introspection or revocation request ended with (noteRefusal, below). */
  const refusals = new WeakMap<object, Refusal>();
  // The front door hands it requests as for its issuer (scheme and host from AUTH_URL).
  provider.proxy = true;
  // Back-channel logouts are queued in our outbox (retries, the address guard, once per instance),
  // not sent inline; and every ID token names its session (`sid`), which back-channel logout needs.
  provider.Client.prototype.backchannelLogout = async function (this: { clientId: string }, sub: string, sid: string) {
    await queueLogout({ clientId: this.clientId, sub, sid });
  };
  (provider.Client.prototype as unknown as { includeSid: () => boolean }).includeSid = () => true;
  // "Sign out of Devicekeeper and every app" (RP-initiated logout, logout=yes): the provider ends its
  // own session and tells every app; this ends the browser's Devicekeeper session too (audited, its
  // cookie cleared) — before the answer sends the browser on, so its next sign-in asks for the password.
  provider.use(async (koa, next) => {
    const ctx = koa as KoaContextWithOIDC;
    noteProviderRequest(ctx); // what the storage reads of this request (server/oidc/acting-session.ts)
    await next();
    // A refused token, introspection or revocation request: say why, for the app's developer.
    const refused = refusals.get(ctx);
    const body = ctx.body as { error?: string; error_description?: string } | undefined;
    if (refused && body && typeof body === "object" && body.error === refused.error) {
      const description = describeRefusal(ctx, refused);
      if (description) ctx.body = { ...body, error_description: description };
    }
    if (ctx.oidc?.route !== "end_session_confirm" || ctx.status >= 400) return;
    // The apps this browser was signed in to, as the request found them: the provider has just
    // removed the app from its session.
    const signedIn = providerSessionAppsAtStart();
    // "Sign out of <app> only": the Devicekeeper session stays; the history says the app signed out
    // — when it was signed in here (any site can link to the page with a client_id).
    if (!ctx.oidc.params?.logout) {
      if (ctx.oidc.client && signedIn.includes(ctx.oidc.client.clientId)) await recordAppSignOut(ctx);
      return;
    }
    // Only the choice made on the logout page, which the provider shows to a session signed in to an
    // app: without one it posts logout=yes by itself, and any site can send a browser there.
    const accountId = ctx.oidc.session?.accountId;
    if (accountId && accountId === actingSession()?.userId) await endActingSession(ctx);
  });
  provider.on("authorization.success", (ctx: KoaContextWithOIDC) => void recordAppSignIn(ctx));
  provider.on("grant.success", (ctx: KoaContextWithOIDC) => {
    const grantId = ctx.oidc.entities.RefreshToken?.grantId ?? ctx.oidc.entities.AuthorizationCode?.grantId;
    if (grantId) void touchSessionOfGrant(grantId).catch((err: unknown) => logger.error({ err }, "oidc: could not touch a session"));
  });
  // Why an app's request was refused: for the operator's log, and (above) for the app's developer.
  const noteRefusal = (what: string) => (ctx: KoaContextWithOIDC, err: Refusal) => {
    refusals.set(ctx, err);
    logger.warn({ clientId: ctx.oidc?.client?.clientId, error: err.message, detail: err.error_detail }, `oidc: ${what} request refused`);
  };
  provider.on("grant.error", noteRefusal("token"));
  provider.on("introspection.error", noteRefusal("introspection"));
  provider.on("revocation.error", noteRefusal("revocation"));
  provider.on("server_error", (_ctx: KoaContextWithOIDC, err: Error) => logger.error({ err }, "oidc: request failed"));
  return provider;
}

/**
 * The provider's prompts, with one more reason to sign in: the provider's own session is not this
 * browser's Devicekeeper session (its cookie gone, or another account signed in here since). Only
 * a live Devicekeeper session of the same user — which every code and token then hangs from —
 * lets an app in without asking.
 */
function signInPolicy() {
  const policy = interactionPolicy.base();
  policy
    .get("login")!
    .checks.add(
      new interactionPolicy.Check("no_devicekeeper_session", "End-User authentication is required", "login_required", (ctx) =>
        ctx.oidc.session?.accountId && actingSession()?.userId === ctx.oidc.session.accountId
          ? interactionPolicy.Check.NO_NEED_TO_PROMPT
          : interactionPolicy.Check.REQUEST_PROMPT,
      ),
    );
  return policy;
}

/** Ends the browser's Devicekeeper session (audited as its sign-out, naming its apps) and clears its cookie. */
async function endActingSession(ctx: KoaContextWithOIDC): Promise<void> {
  const session = actingSession();
  if (!session) return;
  await signOut({ sessionId: session.sessionId, userId: session.userId, context: contextFromHeaders(ctx.req.headers) });
  ctx.cookies.set(sessionCookieName(), null, { path: "/", httpOnly: true, sameSite: "lax", secure: ctx.secure, overwrite: true });
}

let provider: Promise<Provider> | null = null;

/** The provider of this process (made at start by server/boot/front-door-routes.ts; made anew when its signing keys change). */
export const getProvider = (): Promise<Provider> => (provider ??= createProvider());

/** Without a notification (a lost connection), a rotation and a retired key's end are noticed within this. */
const KEYS_CHECK_EVERY_MS = 60_000;
let keysCheckedAt = 0;
let keysRotated = false;

/** A rotation notified this process (the KEYS_CHANNEL): check the keys at the next refreshSigningKeys. */
export const signingKeysRotated = (): void => void (keysRotated = true);

/**
 * The keys are read when the provider is made. When they change — a rotation on any instance or
 * by `npm run oidc:rotate-keys`, or a retired key's overlap ending — the provider is made again
 * with them and serves the next requests: nothing of it lives in memory (its storage is the
 * database, its cookies are keyed by AUTH_SECRET), so the change is seamless. The background
 * worker runs this; it checks at once after a notification, otherwise once a minute. Answers 1
 * when the keys changed.
 */
export async function refreshSigningKeys(now = new Date()): Promise<number> {
  if (!provider || (!keysRotated && now.getTime() - keysCheckedAt < KEYS_CHECK_EVERY_MS)) return 0;
  const changed = await signingKeysChanged(now);
  if (changed) provider = Promise.resolve(await createProvider(now));
  keysRotated = false;
  keysCheckedAt = now.getTime();
  if (changed) logger.info({ kid: (await currentSigningKey()).kid }, "oidc: signing keys changed; the provider signs with the newest");
  return changed ? 1 : 0;
}

/** A client's name for the pages, or null for an unknown or disabled one. */
export const appName = async (clientId: unknown) => (typeof clientId === "string" ? ((await findClient(clientId))?.name ?? null) : null);
