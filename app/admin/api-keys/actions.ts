"use server";

import { z } from "zod";
import { apiTokenIdSchema, createApiTokenSchema } from "@/lib/validation/api-tokens";
import { defineAction } from "@/server/actions/action-client";
import { createApiToken } from "@/server/api-tokens/create-api-token";
import { revokeApiToken } from "@/server/api-tokens/revoke-api-token";

/** Server keys: admin role checked in the action and again in the operation, with a recent password. */
export const createServerKeyAction = defineAction({
  access: "admin",
  input: createApiTokenSchema,
  run: (input, { actor }) => createApiToken({ actor, kind: "SERVER", ...input }),
});

export const revokeServerKeyAction = defineAction({
  access: "admin",
  input: z.object({ tokenId: apiTokenIdSchema }),
  invalidInput: "API key not found",
  run: async ({ tokenId }, { actor }) => {
    const { name } = await revokeApiToken({ actor, kind: "SERVER", tokenId });
    return { message: `Revoked “${name}”. Requests with it now fail.` };
  },
});
