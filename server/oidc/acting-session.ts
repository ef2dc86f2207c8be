import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type http from "node:http";
import type { KoaContextWithOIDC } from "oidc-provider";
import type { AuthSession } from "@/server/auth/validate-session";

/*
 * The Devicekeeper Session behind an OpenID request: the browser's own session (its cookie, checked
 * like every request's) while the provider handles that browser's request, or the one an
 * interaction completes for. The provider's storage (server/oidc/adapter.ts) binds what it saves
 * then — its session, a grant — to this Session, so that ending the Session ends them.
 *
 * The same per-request store holds the grants and users the storage read together with a token
 * (one query for a token, its grant and its user, which the provider then asks for): they live only
 * as long as the request, and the storage forgets a grant it writes.
 */
/** A user as the provider's findAccount answers for them: read with the token that names them. */
export type AccountRow = { id: string; email: string; name: string; verified: boolean };

type RequestStore = {
  session: AuthSession | null;
  grants: Map<string, Record<string, unknown> | undefined>;
  /** The users the storage read with a token in this request (enabled ones only), by id. */
  accounts: Map<string, AccountRow>;
  /** The provider's context of the request (set as the provider starts on it), for the storage to read. */
  provider?: KoaContextWithOIDC;
  /** The apps (client ids) the browser's provider session was signed in to when the storage first read it in this request. */
  sessionApps?: string[];
};
const store = new AsyncLocalStorage<RequestStore>();

export const withActingSession = <T>(session: AuthSession | null, fn: () => Promise<T>): Promise<T> =>
  store.run({ session, grants: new Map(), accounts: new Map() }, fn);

export const actingSession = (): AuthSession | null => store.getStore()?.session ?? null;

/** The grants read in this request so far (with the token that names them), or null outside a request. */
export const grantsReadInRequest = (): Map<string, Record<string, unknown> | undefined> | null => store.getStore()?.grants ?? null;

/** The users read with a token in this request so far, or null outside a request. */
export const accountsReadInRequest = (): Map<string, AccountRow> | null => store.getStore()?.accounts ?? null;

/** The storage read the browser's provider session: which apps it was signed in to then (the first read counts). */
export const noteProviderSessionRead = (payload: { authorizations?: Record<string, unknown> }): void => {
  const current = store.getStore();
  if (current && !current.sessionApps) current.sessionApps = Object.keys(payload.authorizations ?? {});
};

/**
 * The apps the browser's provider session was signed in to as this request began — before the
 * request's own changes (an RP-initiated logout removes the app from the session; its grant stays,
 * for the Devicekeeper Session's end to delete).
 */
export const providerSessionAppsAtStart = (): string[] => store.getStore()?.sessionApps ?? [];

/** Called by the provider's first middleware: the request the storage then serves. */
export const noteProviderRequest = (ctx: KoaContextWithOIDC): void => {
  const current = store.getStore();
  if (current) current.provider = ctx;
};

/**
 * At the token endpoint the provider revokes a grant for one reason only: a spent authorization
 * code or refresh token presented again (code replay, refresh token reuse) — a copy may be in other
 * hands. Then, what the storage records with the revocation: which grant type, which app, from where.
 */
export function replayAtTokenEndpoint(): { grantType: string; appName: string | null; headers: http.IncomingHttpHeaders } | null {
  const ctx = store.getStore()?.provider;
  if (ctx?.oidc?.route !== "token") return null;
  return {
    grantType: String(ctx.oidc.params?.grant_type ?? ""),
    appName: ctx.oidc.client?.clientName ?? ctx.oidc.client?.clientId ?? null,
    headers: ctx.req.headers,
  };
}
