import "server-only";
import { z } from "zod";
import { apiTokenIdSchema, createApiTokenSchema } from "@/lib/validation/api-tokens";
import type { ActionContext } from "@/server/actions/action-client";
import { createApiToken } from "@/server/api-tokens/create-api-token";
import { revokeApiToken, tokenNoun } from "@/server/api-tokens/revoke-api-token";
import type { TokenKind } from "@/server/api-tokens/token-secret";

const revokeInput = z.object({ tokenId: apiTokenIdSchema });

/**
 * Creating and revoking a token as server actions, less who may call them: personal tokens
 * (/settings/tokens) and server keys (/admin/api-keys) take the same input and answer alike, while
 * each page's `defineAction` states its own access level.
 */
export function apiTokenActions(kind: TokenKind) {
  return {
    create: {
      input: createApiTokenSchema,
      run: (input: z.output<typeof createApiTokenSchema>, { actor }: ActionContext) => createApiToken({ actor, kind, ...input }),
    },
    revoke: {
      input: revokeInput,
      invalidInput: `${tokenNoun(kind)} not found`,
      run: async ({ tokenId }: z.output<typeof revokeInput>, { actor }: ActionContext) => {
        const { name } = await revokeApiToken({ actor, kind, tokenId });
        return { message: `Revoked “${name}”. Requests with it now fail.` };
      },
    },
  };
}
