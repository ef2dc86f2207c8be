"use server";

import { defineAction } from "@devicekeeper/server/actions/action-client";
import { apiTokenActions } from "@devicekeeper/server/api-tokens/api-token-actions";

const personal = apiTokenActions("PERSONAL");

/** A new token is a lasting credential: like GitHub's sudo mode, it needs a password from the last 10 minutes. */
export const createPersonalTokenAction = defineAction({ access: "recently-verified", ...personal.create });

export const revokePersonalTokenAction = defineAction({ access: "user", ...personal.revoke });
