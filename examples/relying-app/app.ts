// An app that signs its users in with Devicekeeper: node:http, openid-client 6 and jose, nothing
// else. Authorization code with PKCE, who is signed in and how, refresh, sign-out through
// Devicekeeper (RP-initiated logout), and back-channel logout: when the Devicekeeper session this
// sign-in hangs from ends — on any device, by anyone — or the app's access is removed, Devicekeeper
// POSTs a logout token here and this app's session ends at once. Sessions are kept in memory, keyed
// by a cookie.
// Started by server.ts; see docs/oidc.md, "Sign in with Devicekeeper in five minutes".
import crypto from "node:crypto";
import type http from "node:http";
import * as client from "openid-client";
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";

/** The demo's app (`npm run example:app`): seeded as "Team Wiki (example)" only into the embedded demo database (server/demo/seed-demo-data.ts). */
export const DEMO = {
  issuer: "http://localhost:3000/oidc",
  clientId: "a9900000-0000-4000-8000-000000000e01",
  clientSecret: "dks_demo_team_wiki_example",
} as const;

export type RelyingAppOptions = {
  /** From openid-client's discovery of the issuer, with this app's client id and secret. */
  config: client.Configuration;
  /** Where this app is reached: its redirect URI is `${baseUrl}/callback`. */
  baseUrl: string;
  name?: string;
};

type SignedIn = {
  claims: client.IDToken;
  idToken: string;
  accessToken: string;
  refreshToken: string | undefined;
  accessTokenExpiresAt: number;
  refreshedAt: number | null;
};
type AppSession = {
  /** When it began or was last signed out: a session without a user is forgotten after PENDING_TTL_MS. */
  at: number;
  /** A sign-in on its way to Devicekeeper and back: what the callback must match. */
  pending?: { verifier: string; state: string; nonce: string; startedAt: number };
  user?: SignedIn;
  /** Said once on the next page: why this session ended. */
  notice?: string;
};

const BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";
const PENDING_TTL_MS = 10 * 60_000;

const escapeHtml = (s: unknown) =>
  String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

type OAuthError = { error: string; description?: string };

/**
 * The OAuth error Devicekeeper answered at its token endpoint: in the JSON body, or — when it refused
 * this app's own credentials — as a WWW-Authenticate challenge (401). Null for any other failure.
 */
function oauthErrorOf(e: unknown): OAuthError | null {
  if (e instanceof client.ResponseBodyError) return { error: e.error, description: e.error_description };
  if (e instanceof client.WWWAuthenticateChallengeError) {
    const { error, error_description: description } = e.cause[0]?.parameters ?? {};
    return { error: error ?? `HTTP ${e.status}`, description };
  }
  return null;
}

const codeOf = ({ error, description }: OAuthError) => (description ? `${error}: ${description}` : error);

/** Said to whoever runs this app: its client secret no longer matches the one registered at Devicekeeper. */
const credentialsRefused = (e: OAuthError) =>
  `Devicekeeper refused this app's credentials (${codeOf(e)}). If the app's secret was rotated, set CLIENT_SECRET to the new one and restart the app.`;

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  let body = "";
  for await (const chunk of req as AsyncIterable<Buffer>) {
    body += chunk.toString("utf8");
    if (body.length > 16_384) throw new Error("body too large");
  }
  return new URLSearchParams(body);
}

export function createRelyingApp({ config, baseUrl, name = "Team Wiki (example)" }: RelyingAppOptions) {
  const sessions = new Map<string, AppSession>();
  const base = new URL(baseUrl);
  // Cookies ignore ports: two copies of this app on one host (http://localhost:4000 and :4001) keep one each.
  const cookieName = `app_session_${base.port || (base.protocol === "https:" ? "443" : "80")}`;
  const secure = base.protocol === "https:";
  const redirectUri = new URL("/callback", base).href;
  const postLogoutRedirectUri = new URL("/", base).href;
  const { issuer, jwks_uri: jwksUri } = config.serverMetadata();
  const { client_id: clientId } = config.clientMetadata();
  const jwks = createRemoteJWKSet(new URL(jwksUri!));
  /** Logout tokens already used (jti → until when it could still be replayed). */
  const seenLogoutTokens = new Map<string, number>();

  const cookieOf = (req: http.IncomingMessage) =>
    req.headers.cookie
      ?.split(";")
      .map((c) => c.trim())
      .find((c) => c.startsWith(`${cookieName}=`))
      ?.slice(cookieName.length + 1);
  const sessionOf = (req: http.IncomingMessage) => {
    const id = cookieOf(req);
    return id ? sessions.get(id) : undefined;
  };
  /** A new session id for this browser (at every sign-in: an id known before it is not trusted after). */
  const startSession = (res: http.ServerResponse, session: Omit<AppSession, "at">) => {
    const now = Date.now();
    for (const [old, s] of sessions) if (!s.user && now - s.at > PENDING_TTL_MS) sessions.delete(old);
    const id = crypto.randomBytes(32).toString("base64url");
    sessions.set(id, { ...session, at: now });
    res.setHeader("set-cookie", `${cookieName}=${id}; Path=/; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`);
    return id;
  };
  const endSession = (req: http.IncomingMessage) => {
    const id = cookieOf(req);
    if (id) sessions.delete(id);
  };
  const redirect = (res: http.ServerResponse, location: string) => void res.writeHead(303, { location, "cache-control": "no-store" }).end();
  const page = (res: http.ServerResponse, status: number, body: string) =>
    void res
      .writeHead(status, {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
        // Sign out posts here and is sent on to Devicekeeper: browsers hold redirects after a form to form-action.
        "content-security-policy": `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${new URL(issuer).origin}; frame-ancestors 'none'`,
      })
      .end(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(name)}</title>` +
          `<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}` +
          `th{text-align:left;padding-right:1rem}form{display:inline}button,a.button{font:inherit;margin-right:.5rem}</style></head>` +
          `<body><h1>${escapeHtml(name)}</h1>${body}</body></html>`,
      );

  function home(req: http.IncomingMessage, res: http.ServerResponse) {
    const session = sessionOf(req);
    const notice = session?.notice ? `<p role="status"><strong>${escapeHtml(session.notice)}</strong></p>` : "";
    if (session) delete session.notice;
    const user = session?.user;
    if (!user) return page(res, 200, `${notice}<p>Signed out.</p><p><a class="button" href="/login">Sign in with Devicekeeper</a></p>`);
    const c = user.claims;
    const row = (label: string, value: unknown) => `<tr><th>${label}</th><td><code>${escapeHtml(value)}</code></td></tr>`;
    const expiresIn = Math.max(0, Math.round((user.accessTokenExpiresAt - Date.now()) / 1000));
    page(
      res,
      200,
      `${notice}<p>Signed in as <strong>${escapeHtml(c.name ?? c.sub)}</strong> (${escapeHtml(c.email ?? "no email")}).</p>
<table>
${row("sub", c.sub)}${row("name", c.name)}${row("email", c.email)}${row("email_verified", c.email_verified)}
${row("amr", Array.isArray(c.amr) ? c.amr.join(" ") : c.amr)}${row("acr", c.acr)}
${row("auth_time", typeof c.auth_time === "number" ? new Date(c.auth_time * 1000).toISOString() : "")}${row("sid", c.sid)}
${row("access token expires in", `${expiresIn} s`)}${row("tokens refreshed", user.refreshedAt ? new Date(user.refreshedAt).toISOString() : "not yet")}
</table>
<p><form method="post" action="/refresh"><button>Refresh tokens</button></form>
<form method="post" action="/logout"><button>Sign out</button></form></p>`,
    );
  }

  async function login(res: http.ServerResponse) {
    const pending = {
      verifier: client.randomPKCECodeVerifier(),
      state: client.randomState(),
      nonce: client.randomNonce(),
      startedAt: Date.now(),
    };
    startSession(res, { pending });
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: "openid profile email offline_access",
      code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: "S256",
      state: pending.state,
      nonce: pending.nonce,
      // A refresh token (offline_access) is issued only with prompt=consent (OpenID Connect Core 11).
      // Devicekeeper does not ask a first-party app's users for consent even so; any other app's users
      // are asked at every sign-in. An app that needs no refresh token drops both (docs/oidc.md).
      prompt: "consent",
    });
    redirect(res, url.href);
  }

  async function callback(req: http.IncomingMessage, res: http.ServerResponse) {
    const session = sessionOf(req);
    const pending = session?.pending;
    const url = new URL(req.url ?? "/", base);
    if (!pending || Date.now() - pending.startedAt > PENDING_TTL_MS)
      return page(res, 400, `<p>This sign-in has expired.</p><p><a href="/login">Sign in again</a></p>`);
    endSession(req);
    if (url.searchParams.has("error"))
      return page(
        res,
        400,
        `<p>Devicekeeper did not sign you in: <code>${escapeHtml(url.searchParams.get("error"))}</code> ${escapeHtml(url.searchParams.get("error_description"))}</p><p><a href="/login">Try again</a></p>`,
      );
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(config, url, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (e) {
      const refused = oauthErrorOf(e);
      if (!refused) throw e;
      console.warn("code exchange refused:", codeOf(refused));
      const back = `<p><a href="/">Back to the start page</a></p>`;
      // Refused credentials are this app's fault, not the browser's: a 502, as a gateway whose upstream refused it.
      if (refused.error === "invalid_client")
        return page(res, 502, `<p>You could not be signed in: ${escapeHtml(credentialsRefused(refused))}</p>${back}`);
      if (refused.error === "invalid_grant")
        return page(res, 400, `<p>The sign-in expired or was already used. <a href="/login">Try again</a>.</p>${back}`);
      return page(
        res,
        502,
        `<p>Devicekeeper did not finish the sign-in (${escapeHtml(codeOf(refused))}). <a href="/login">Try again</a>.</p>${back}`,
      );
    }
    startSession(res, {
      user: {
        claims: tokens.claims()!,
        idToken: tokens.id_token!,
        accessToken: tokens.access_token,
        refreshToken: tokens.refresh_token,
        accessTokenExpiresAt: Date.now() + (tokens.expiresIn() ?? 0) * 1000,
        refreshedAt: null,
      },
    });
    redirect(res, "/");
  }

  async function refresh(req: http.IncomingMessage, res: http.ServerResponse) {
    const session = sessionOf(req);
    const user = session?.user;
    if (!session || !user) return redirect(res, "/");
    if (!user.refreshToken) {
      session.notice = "No refresh token: Devicekeeper did not grant offline_access to this app.";
      return redirect(res, "/");
    }
    try {
      const tokens = await client.refreshTokenGrant(config, user.refreshToken);
      Object.assign(user, {
        claims: tokens.claims() ?? user.claims,
        idToken: tokens.id_token ?? user.idToken,
        accessToken: tokens.access_token,
        refreshToken: tokens.refresh_token ?? user.refreshToken, // Devicekeeper rotates it: the old one is spent
        accessTokenExpiresAt: Date.now() + (tokens.expiresIn() ?? 0) * 1000,
        refreshedAt: Date.now(),
      });
      session.notice = "Tokens refreshed.";
    } catch (e) {
      // 400 invalid_grant: the Devicekeeper session ended (and the back-channel logout has not arrived,
      // or could not). 401 invalid_client, as a WWW-Authenticate challenge: this app's own credentials
      // were refused (its secret rotated, the app disabled). Either way this session cannot go on.
      const refused = oauthErrorOf(e);
      if (!refused) throw e;
      delete session.user;
      session.at = Date.now();
      session.notice =
        refused.error === "invalid_client"
          ? `Signed out: ${credentialsRefused(refused)}`
          : `Signed out: Devicekeeper refused to refresh this session (${codeOf(refused)}).`;
    }
    redirect(res, "/");
  }

  /**
   * This app's sign-out, then Devicekeeper's (RP-initiated logout), which comes back to `/`. The
   * refresh token is revoked first: offline access outlives a sign-out of the app alone.
   */
  async function logout(req: http.IncomingMessage, res: http.ServerResponse) {
    const user = sessionOf(req)?.user;
    endSession(req);
    if (!user) return redirect(res, "/");
    if (user.refreshToken)
      await client.tokenRevocation(config, user.refreshToken).catch((e: unknown) => console.warn("revocation failed:", e));
    const url = client.buildEndSessionUrl(config, { id_token_hint: user.idToken, post_logout_redirect_uri: postLogoutRedirectUri });
    redirect(res, url.href);
  }

  /**
   * The logout token (OpenID Connect Back-Channel Logout 1.0, 2.6): signed by the provider's key, for
   * this app, recent, a logout event, naming a session (sid) or a user (sub), no nonce, not seen before.
   */
  async function verifyLogoutToken(token: string): Promise<JWTPayload & { sid?: string }> {
    const { payload } = await jwtVerify(token, jwks, {
      issuer,
      audience: clientId,
      typ: "logout+jwt",
      requiredClaims: ["iat", "jti"],
      maxTokenAge: "5 minutes",
    });
    const events = payload.events as Record<string, unknown> | undefined;
    const event = events?.[BACKCHANNEL_LOGOUT_EVENT];
    if (!event || typeof event !== "object" || Array.isArray(event)) throw new Error("not a back-channel logout event");
    if (!payload.sid && !payload.sub) throw new Error("names neither a session (sid) nor a user (sub)");
    if ("nonce" in payload) throw new Error("a logout token carries no nonce");
    const now = Date.now();
    for (const [jti, until] of seenLogoutTokens) if (until < now) seenLogoutTokens.delete(jti);
    if (seenLogoutTokens.has(payload.jti!)) throw new Error("this logout token was used already");
    seenLogoutTokens.set(payload.jti!, (payload.exp ?? payload.iat! + 300) * 1000 + 60_000);
    return payload as JWTPayload & { sid?: string };
  }

  /** POST /backchannel-logout, from Devicekeeper: ends every session of this app the token names, at once. */
  async function backchannelLogout(req: http.IncomingMessage, res: http.ServerResponse) {
    let claims: JWTPayload & { sid?: string };
    try {
      claims = await verifyLogoutToken((await readForm(req)).get("logout_token") ?? "");
    } catch (e) {
      res.writeHead(400, { "content-type": "application/json", "cache-control": "no-store" });
      return void res.end(JSON.stringify({ error: "invalid_request", error_description: (e as Error).message }));
    }
    let ended = 0;
    for (const session of sessions.values()) {
      const c = session.user?.claims;
      if (!c || (claims.sid && c.sid !== claims.sid) || (claims.sub && c.sub !== claims.sub)) continue;
      delete session.user;
      session.at = Date.now();
      // A logout token does not say why: this device was signed out of Devicekeeper, or the app's access
      // was removed (by the user on Apps, or by an administrator), or the app was disabled.
      session.notice = "Devicekeeper signed you out of this app: this device was signed out, or this app's access was removed.";
      ended++;
    }
    console.log(`back-channel logout: ${ended} session(s) ended (sub ${claims.sub ?? "-"}, sid ${claims.sid ?? "-"})`);
    res.writeHead(200, { "cache-control": "no-store" }).end();
  }

  /** A form posted from another site is refused (the session cookie is SameSite=Lax besides). */
  const sameOrigin = (req: http.IncomingMessage) => !req.headers.origin || req.headers.origin === base.origin;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0];
    const route = `${req.method} ${path}`;
    try {
      if (route === "GET /") return home(req, res);
      if (route === "GET /login") return await login(res);
      if (route === "GET /callback") return await callback(req, res);
      if (route === "POST /backchannel-logout") return await backchannelLogout(req, res);
      if ((route === "POST /refresh" || route === "POST /logout") && !sameOrigin(req))
        return page(res, 403, "<p>Cross-site request refused.</p>");
      if (route === "POST /refresh") return await refresh(req, res);
      if (route === "POST /logout") return await logout(req, res);
      page(res, 404, `<p>Not found. <a href="/">Home</a></p>`);
    } catch (e) {
      console.error(e);
      if (!res.headersSent)
        page(res, 500, `<p>Something went wrong. This app's log has the details.</p><p><a href="/">Back to the start page</a></p>`);
      else res.destroy();
    }
  }

  return { handle, sessions };
}
