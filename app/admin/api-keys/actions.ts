"use server";

import { invalidField } from "@/lib/action-result";
import { apiTokenIdSchema, createApiTokenSchema } from "@/lib/validation/api-tokens";
import { runAdminAction } from "@/server/admin/run-admin-action";
import { createApiToken } from "@/server/api-tokens/create-api-token";
import { revokeApiToken } from "@/server/api-tokens/revoke-api-token";

/** Server keys: admin role checked in the action and again in the operation, with a recent password. */
export async function createServerKeyAction(input: Record<string, string | undefined>) {
  const parsed = createApiTokenSchema.safeParse(input);
  if (!parsed.success) return invalidField(parsed.error);
  return runAdminAction(input.password, ({ actor }) => createApiToken({ actor, kind: "SERVER", ...parsed.data }));
}

export async function revokeServerKeyAction(input: Record<string, string | undefined>) {
  const parsed = apiTokenIdSchema.safeParse(input.tokenId);
  if (!parsed.success) return { ok: false as const, error: "API key not found" };
  return runAdminAction(input.password, async ({ actor }) => {
    const { name } = await revokeApiToken({ actor, kind: "SERVER", tokenId: parsed.data });
    return { message: `Revoked “${name}”. Requests with it now fail.` };
  });
}
