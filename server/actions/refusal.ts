import "server-only";
import { UNAVAILABLE, type Refusal } from "@/lib/action-result";
import { classify } from "@/server/errors";

/**
 * A server action's answer to a failure of its operation, as classify (server/errors.ts) reads it:
 * a refusal's message (and the form field it is about), a database outage as "temporarily
 * unavailable". A bug is thrown again, so Next logs it and the browser sees a generic failure,
 * never the message.
 */
export function refusalOrRethrow(e: unknown): Refusal {
  const failure = classify(e);
  if (failure.kind === "bug") throw e;
  if (failure.kind === "unavailable") return { ok: false, error: UNAVAILABLE };
  return { ok: false, error: failure.message, ...(failure.field !== undefined && { field: failure.field }) };
}
