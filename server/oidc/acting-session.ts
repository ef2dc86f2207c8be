import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { AuthSession } from "@/server/auth/validate-session";

/*
 * The Devicekeeper Session behind an OpenID request: the browser's own session (its cookie, checked
 * like every request's) while the provider handles that browser's request, or the one an
 * interaction completes for. The provider's storage (server/oidc/adapter.ts) binds what it saves
 * then — its session, a grant — to this Session, so that ending the Session ends them.
 *
 * The same per-request store holds the grants the storage read together with a token (one query
 * for a token and its grant, which the provider then asks for): they live only as long as the
 * request, and the storage forgets one it writes.
 */
type RequestStore = { session: AuthSession | null; grants: Map<string, Record<string, unknown> | undefined> };
const store = new AsyncLocalStorage<RequestStore>();

export const withActingSession = <T>(session: AuthSession | null, fn: () => Promise<T>): Promise<T> =>
  store.run({ session, grants: new Map() }, fn);

export const actingSession = (): AuthSession | null => store.getStore()?.session ?? null;

/** The grants read in this request so far (with the token that names them), or null outside a request. */
export const grantsReadInRequest = (): Map<string, Record<string, unknown> | undefined> | null => store.getStore()?.grants ?? null;
