"use server";

import { invalidField, type ActionResult } from "@/lib/action-result";
import { apiTokenIdSchema, createApiTokenSchema, type ApiTokenSummary } from "@/lib/validation/api-tokens";
import { runRecentlyVerifiedAction, runUserAction } from "@/server/auth/run-user-action";
import type { StepUpRefusal } from "@/server/auth/step-up";
import { createApiToken } from "@/server/api-tokens/create-api-token";
import { revokeApiToken } from "@/server/api-tokens/revoke-api-token";

/** A new token is a lasting credential: like GitHub's sudo mode, it needs a password from the last 10 minutes. */
export async function createPersonalTokenAction(input: Record<string, string | undefined>): Promise<ActionResult<{ token: string; summary: ApiTokenSummary }> | StepUpRefusal> {
  const parsed = createApiTokenSchema.safeParse(input);
  if (!parsed.success) return invalidField(parsed.error);
  return runRecentlyVerifiedAction(input.password, ({ actor }) => createApiToken({ actor, kind: "PERSONAL", ...parsed.data }));
}

export async function revokePersonalTokenAction(input: Record<string, string | undefined>): Promise<ActionResult<{ message: string }>> {
  const parsed = apiTokenIdSchema.safeParse(input.tokenId);
  if (!parsed.success) return { ok: false, error: "Token not found" };
  return runUserAction(async ({ actor }) => {
    const { name } = await revokeApiToken({ actor, kind: "PERSONAL", tokenId: parsed.data });
    return { message: `Revoked “${name}”. Requests with it now fail.` };
  });
}
