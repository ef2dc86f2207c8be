"use server";

import { z } from "zod";
import { apiTokenIdSchema, createApiTokenSchema } from "@/lib/validation/api-tokens";
import { defineAction } from "@/server/actions/action-client";
import { createApiToken } from "@/server/api-tokens/create-api-token";
import { revokeApiToken } from "@/server/api-tokens/revoke-api-token";

/** A new token is a lasting credential: like GitHub's sudo mode, it needs a password from the last 10 minutes. */
export const createPersonalTokenAction = defineAction({
  access: "recently-verified",
  input: createApiTokenSchema,
  run: (input, { actor }) => createApiToken({ actor, kind: "PERSONAL", ...input }),
});

export const revokePersonalTokenAction = defineAction({
  access: "user",
  input: z.object({ tokenId: apiTokenIdSchema }),
  invalidInput: "Token not found",
  run: async ({ tokenId }, { actor }) => {
    const { name } = await revokeApiToken({ actor, kind: "PERSONAL", tokenId });
    return { message: `Revoked “${name}”. Requests with it now fail.` };
  },
});
