import "server-only";
import type { z } from "zod";
import { invalidField, type ActionResult } from "@/lib/action-result";
import { refusalOrRethrow } from "@/server/actions/refusal";
import { getRequestContext, type RequestContext } from "@/server/request-context";

/**
 * A server action for someone who is not signed in (forgot password, the links in security
 * emails): the proof is in the input (a single-use token) or nothing is revealed. Like
 * defineAction otherwise — zod first, expected refusals as `{ ok: false, error }`, a database
 * outage as "temporarily unavailable", anything else rethrown (never shown).
 */
export function definePublicAction<S extends z.ZodType, T extends object>(spec: {
  input: S;
  run: (input: z.output<S>, context: RequestContext) => Promise<T>;
}): ((input?: unknown) => Promise<ActionResult<T>>) & { readonly access: "public" } {
  const action = async (raw?: unknown): Promise<ActionResult<T>> => {
    const parsed = spec.input.safeParse(raw ?? {});
    if (!parsed.success) return invalidField(parsed.error);
    try {
      return { ok: true, ...(await spec.run(parsed.data, await getRequestContext())) };
    } catch (e) {
      return refusalOrRethrow(e);
    }
  };
  return Object.assign(action, { access: "public" as const });
}
