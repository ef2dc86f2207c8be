// A running OpenID Provider for the tests: the front door with its real routes on loopback (Next is
// a stub: the provider, its interactions and the API never go through Next), a browser with a
// cookie jar that follows redirects, a Devicekeeper session made as sign-in makes it, and an app
// (openid-client 6) registered through the admin operation.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { encode } from "next-auth/jwt";
import * as client from "openid-client";
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";
import { getAuthSecret } from "@/server/config";
import { clientIpResolver, trustedProxyResolver } from "@/server/http/client-ip";
import { frontDoorListener } from "@/server/http/front-door";
import { frontDoorRoutes } from "@/server/boot/front-door-routes";
import { signInWithPassword } from "@/server/auth/sign-in-with-password";
import { createApp } from "@/server/oidc/save-app";
import { context, newDeviceToken, TEST_PASSWORD } from "./factories";
import type { AppInput } from "@/lib/validation/apps";
import { appInputSchema } from "@/lib/validation/apps";

export type Running = { base: string; issuer: string; close: () => Promise<void> };

/** Starts the front door on a free loopback port; AUTH_URL is its address (the issuer is fixed at start). */
export async function startProvider(): Promise<Running> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.AUTH_URL = base;
  process.env.NEXTAUTH_URL = base;
  const policy = { clientIp: clientIpResolver(undefined), fromTrustedProxy: trustedProxyResolver(undefined), dev: false };
  server.on(
    "request",
    frontDoorListener(policy, await frontDoorRoutes(), (req, res) => res.writeHead(404).end(`next: ${req.url}`)),
  );
  return { base, issuer: `${base}/oidc`, close: () => new Promise((r) => server.close(() => r())) };
}

/** A browser: cookies per name, redirects followed by hand (so the test sees each hop). */
export class Browser {
  readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(new URL(url, this.base), {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers as Record<string, string>), cookie: this.header() },
    });
    for (const set of res.headers.getSetCookie()) {
      const [pair] = set.split(";");
      const eq = pair!.indexOf("=");
      const [name, value] = [pair!.slice(0, eq).trim(), pair!.slice(eq + 1)];
      if (!value || /expires=Thu, 01 Jan 1970/i.test(set)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /** Follows redirects on the provider's origin; answers the first URL elsewhere (the app's redirect URI), or the last answer here. */
  async follow(url: string, max = 10): Promise<{ url: URL; response: Response | null }> {
    let next = new URL(url, this.base);
    for (let i = 0; i < max; i++) {
      if (next.origin !== new URL(this.base).origin) return { url: next, response: null };
      const res = await this.request(next.href);
      const location = res.headers.get("location");
      if (res.status < 300 || res.status >= 400 || !location) return { url: next, response: res };
      next = new URL(location, next);
    }
    throw new Error(`too many redirects from ${url}`);
  }
}

/** Signs the user in on this browser as the sign-in page would: a Devicekeeper session and its cookie. */
export async function signIn(browser: Browser, email: string, ip = "203.0.113.9") {
  const started = await signInWithPassword({
    credentials: { email, password: TEST_PASSWORD },
    deviceToken: newDeviceToken(),
    context: context(undefined, ip),
  });
  if (!started) throw new Error("sign-in failed");
  browser.cookies.set("dk.session", await encode({ token: { sub: started.userId, sid: started.sessionId }, secret: getAuthSecret() }));
  return started;
}

export const adminActor = (userId: string | null = null) => ({ userId, role: "ADMIN" as const, context: context() });

/** Registers an app, and an openid-client configuration for it. */
export async function registerApp(running: Running, input: Partial<AppInput> = {}) {
  const app = appInputSchema.parse({ name: "Wiki", redirectUris: ["http://127.0.0.1:9/callback"], ...input });
  const { app: created, clientSecret } = await createApp({ actor: adminActor(), app });
  const config = await client.discovery(
    new URL(running.issuer),
    created.clientId,
    undefined,
    clientSecret ? client.ClientSecretBasic(clientSecret) : client.None(),
    { execute: [client.allowInsecureRequests] },
  );
  return { app: created, clientSecret, config };
}

/** The authorization code flow with PKCE, the browser signed in: answers the tokens. */
export async function authorize(
  browser: Browser,
  config: client.Configuration,
  params: Record<string, string> = {},
): Promise<{ tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>; callback: URL }> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: "http://127.0.0.1:9/callback",
    scope: "openid profile email offline_access",
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    // offline_access (a refresh token) needs prompt=consent (OpenID Connect Core 11).
    prompt: "consent",
    ...params,
  });
  const { url: callback } = await browser.follow(url.href);
  if (callback.searchParams.has("error"))
    throw new Error(`authorization failed: ${callback.searchParams.get("error")}: ${callback.searchParams.get("error_description")}`);
  const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
  return { tokens, callback };
}

/** A receiver of back-channel logouts on loopback: each logout token, verified against the provider's keys. */
export async function startLogoutReceiver(issuer: string) {
  const jwks = createRemoteJWKSet(new URL(`${issuer}/jwks`));
  const received: { payload: JWTPayload; at: number }[] = [];
  const server = http.createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const token = new URLSearchParams(body).get("logout_token") ?? "";
    try {
      const { payload } = await jwtVerify(token, jwks, { issuer, typ: "logout+jwt" });
      received.push({ payload, at: Date.now() });
      res.writeHead(200).end();
    } catch {
      res.writeHead(400).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/backchannel-logout`;
  return { url, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export const randomId = () => crypto.randomUUID();
