import "server-only";
import type http from "node:http";
import type Provider from "oidc-provider";
import { errors } from "oidc-provider";
import { readSessionToken, type AuthSession } from "@/server/auth/validate-session";
import { clearedSessionCookie, sessionCookieName } from "@/server/auth/cookies";
import { CLIENT_IP_HEADER } from "@/server/http/client-ip";
import { labelRoute } from "@/server/http/request-log";
import { plainAnswer, plainPageAnswer } from "@/server/http/page-guards";
import { isDbUnavailable } from "@/server/errors";
import { logger } from "@/server/observability/logger";
import { withActingSession } from "@/server/oidc/acting-session";
import { getProvider, issuer, OIDC_PATH } from "@/server/oidc/provider";
import { answerConsent, continueInteraction, SILENT, type ConsentDecision } from "@/server/oidc/interactions";
import { EXPIRED_SIGN_IN_PAGE, otherBrowserSignInPage } from "@/server/oidc/pages";
import { appOfInteraction } from "@/server/oidc/pending-sign-in";
import { interactionOf } from "@/lib/next-path";

export const isOidcPath = (url: string) => url === OIDC_PATH || url.startsWith(`${OIDC_PATH}/`) || url.startsWith(`${OIDC_PATH}?`);

/** The browser's Devicekeeper session, from its cookie (checked like every request's). */
function sessionOf(req: http.IncomingMessage): Promise<AuthSession | null> {
  const name = sessionCookieName();
  const cookie = req.headers.cookie
    ?.split(";")
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${name}=`));
  return readSessionToken(cookie ? decodeURIComponent(cookie.slice(name.length + 1)) : undefined);
}

/** Routes where the browser's own session matters: the rest (token, introspection, keys…) are called by apps. */
const BROWSER_ROUTES = ["/auth", "/session/end", "/interaction/"];

/** A metrics label for a provider path: its route, ids replaced (the label set stays small). */
const routeLabelOf = (path: string) => {
  const [, , first, second] = path.split("/");
  return `${OIDC_PATH}/${first ?? ""}${second ? (first === ".well-known" || first === "session" ? `/${second}` : "/{id}") : ""}`;
};

/**
 * prompt=none from a browser signed in to Devicekeeper: single sign-on even before the provider has
 * a session of its own (a silent renewal, a second app). The request goes on without prompt=none
 * and marked silent: the interaction answers it without a page (server/oidc/interactions.ts). A
 * client-supplied marker only ever makes a request stricter.
 */
function silentWhenSignedIn(url: string, session: AuthSession | null): string {
  const u = new URL(url, "http://x");
  const prompts = u.searchParams.get("prompt")?.split(" ") ?? [];
  if (!session || !prompts.includes("none")) return url;
  u.searchParams.delete("prompt");
  u.searchParams.set(SILENT, "1");
  return `${u.pathname}${u.search}`;
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  let body = "";
  for await (const chunk of req as AsyncIterable<Buffer>) {
    body += chunk.toString("utf8");
    if (body.length > 4096) break;
  }
  return new URLSearchParams(body);
}

/**
 * Serves the OpenID Provider under /oidc from the front door (no Next): the provider's own routes
 * (discovery, keys, authorization, token, userinfo, introspection, revocation, logout) and our
 * interaction endpoints. Requests are handed to it as for its issuer (scheme and host of AUTH_URL,
 * whatever Host the client sent), within the browser's Devicekeeper session where one matters.
 */
export async function oidcHandler(): Promise<(req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>> {
  await getProvider();
  // The provider is made anew when its signing keys change (refreshSigningKeys): each request takes the current one.
  const callbacks = new WeakMap<Provider, ReturnType<Provider["callback"]>>();
  const callbackOf = (provider: Provider) => callbacks.get(provider) ?? callbacks.set(provider, provider.callback()).get(provider)!;
  const origin = new URL(issuer());
  return async (req, res) => {
    const provider = await getProvider();
    const url = req.url ?? "/";
    const path = url.split("?")[0]!;
    labelRoute(req, routeLabelOf(path));
    req.headers.host = origin.host;
    req.headers["x-forwarded-proto"] = origin.protocol.slice(0, -1);
    req.headers["x-forwarded-for"] = String(req.headers[CLIENT_IP_HEADER] ?? "");
    delete req.headers["x-forwarded-host"];
    const rest = path.slice(OIDC_PATH.length);
    let session: AuthSession | null = null;
    try {
      session = BROWSER_ROUTES.some((r) => rest.startsWith(r)) ? await sessionOf(req) : null;
      await withActingSession(session, async () => {
        const interaction = /^\/interaction\/([^/]+)(\/consent)?$/.exec(rest);
        if (interaction && req.method === "GET" && !interaction[2]) return continueInteraction(provider, req, res, session);
        if (interaction && req.method === "POST" && interaction[2]) {
          if (req.headers.origin !== origin.origin) return plainAnswer(res, 403, "Cross-origin requests are refused.");
          const asked = (await readForm(req)).get("decision");
          const decision: ConsentDecision = asked === "allow" || asked === "another-account" ? asked : "deny";
          const { status, body, signedOut } = await answerConsent(provider, req, res, session, decision);
          // "Use another account" ended this browser's session: its cookie goes with it.
          if (signedOut) res.setHeader("set-cookie", clearedSessionCookie());
          return void res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(body));
        }
        // The provider finds where it is mounted from originalUrl minus url: both say the same request.
        const handed = rest === "/auth" && req.method === "GET" ? silentWhenSignedIn(url, session) : url;
        (req as http.IncomingMessage & { originalUrl?: string }).originalUrl = handed;
        req.url = handed.slice(OIDC_PATH.length) || "/";
        await callbackOf(provider)(req, res);
      });
    } catch (e) {
      if (res.headersSent) return void res.destroy();
      // A page, not a line of text: an expired sign-in is a person's dead end unless it says where to go.
      if (e instanceof errors.OIDCProviderError) {
        // Still waiting, yet not this browser's (its cookie is elsewhere): say where it can finish.
        const uid = interactionOf(path);
        const app = uid ? await appOfInteraction(uid).catch(() => null) : null;
        return plainPageAnswer(res, e.statusCode, app ? otherBrowserSignInPage(app, !!session) : EXPIRED_SIGN_IN_PAGE);
      }
      if (isDbUnavailable(e)) return plainAnswer(res, 503, "Devicekeeper is briefly unavailable; try again in a moment.");
      logger.error({ err: e }, "oidc: request failed");
      plainAnswer(res, 500, "This sign-in could not continue. Go back to the app and try again.");
    }
  };
}
