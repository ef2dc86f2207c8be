"use server";

import { defineAction } from "@devicekeeper/server/actions/action-client";
import { apiTokenActions } from "@devicekeeper/server/api-tokens/api-token-actions";

const server = apiTokenActions("SERVER");

/** Server keys: admin role checked in the action and again in the operation, with a recent password. */
export const createServerKeyAction = defineAction({ access: "admin", ...server.create });

export const revokeServerKeyAction = defineAction({ access: "admin", ...server.revoke });
