import "server-only";
import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { invalidField, SESSION_ENDED, type ActionResult } from "@/lib/action-result";
import type { Actor } from "@/server/audit/actor";
import { getSession } from "@/server/auth/session";
import type { AuthSession } from "@/server/auth/validate-session";
import { sessionCookieName } from "@/server/auth/cookies";
import { getRequestContext } from "@/server/request-context";
import { requireRecentVerification } from "@/server/auth/step-up";
import { refusalOrRethrow } from "@/server/actions/refusal";

/**
 * Who may call an action:
 * - `user`: any live session;
 * - `recently-verified`: a live session that proved the password in the last 10 minutes, or sends
 *   it now as `password` (second factors, recovery codes, API credentials — ASVS 5.0 V7.5.1);
 * - `admin`: the ADMIN role (others get "Not found", as the /admin pages answer) and a recent password.
 */
export type ActionAccess = "user" | "recently-verified" | "admin";

export type ActionContext = { session: AuthSession; actor: Actor & { sessionId: string } };

type ActionSpec<S extends z.ZodType, T extends object> = {
  access: ActionAccess;
  /** The action's input, without `password` (the client takes that for step-up). */
  input: S;
  /** Shown when the input does not parse; by default the first issue's message, naming its field. */
  invalidInput?: string;
  run: (input: z.output<S>, ctx: ActionContext) => Promise<T>;
  /** Whether the change ended the caller's own session: its cookie is then cleared in the same response. */
  endsOwnSession?: (result: T) => boolean;
  /** A path whose server-rendered data the change makes stale. */
  revalidate?: string;
};

/** A server action made by `defineAction`: one object in, an ActionResult out, its access level readable. */
export type ServerAction<T extends object> = ((input?: unknown) => Promise<ActionResult<T>>) & { readonly access: ActionAccess };

/**
 * The one way to write a server action. In order: the session (checked in the action itself, never
 * only in a layout or the proxy), the role, the input (zod), the recent-password check, then the
 * operation. Expected refusals come back as `{ ok: false, error }` (an AppError's message, naming
 * its field when it has one); a database outage as "temporarily unavailable"; anything else is
 * rethrown, so Next logs it and the browser sees a generic failure, never the message.
 *
 * Export the result from a `"use server"` file as `export const fooAction = defineAction({ … })`.
 */
export function defineAction<S extends z.ZodType, T extends object>(spec: ActionSpec<S, T>): ServerAction<T> {
  const action = async (raw?: unknown): Promise<ActionResult<T>> => {
    try {
      return await runAction(spec, raw);
    } catch (e) {
      return refusalOrRethrow(e);
    }
  };
  return Object.assign(action, { access: spec.access });
}

async function runAction<S extends z.ZodType, T extends object>(spec: ActionSpec<S, T>, raw: unknown): Promise<ActionResult<T>> {
  const session = await getSession();
  if (!session) return { ok: false, error: SESSION_ENDED, signedOut: true };
  if (spec.access === "admin" && session.role !== "ADMIN") return { ok: false, error: "Not found" };

  const { password, ...fields } =
    raw !== null && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : { password: undefined };
  const parsed = spec.input.safeParse(fields);
  if (!parsed.success) return spec.invalidInput ? { ok: false, error: spec.invalidInput } : invalidField(parsed.error);

  const context = await getRequestContext();
  if (spec.access !== "user") {
    const refusal = await requireRecentVerification(session, password, context);
    if (refusal) return refusal;
  }
  const actor = { userId: session.userId, sessionId: session.sessionId, role: session.role, context };
  const result = await spec.run(parsed.data, { session, actor });
  if (spec.endsOwnSession?.(result)) (await cookies()).delete(sessionCookieName());
  if (spec.revalidate) revalidatePath(spec.revalidate);
  return { ok: true, ...result };
}
