"use server";

import { z } from "zod";
import { defineAction } from "@devicekeeper/server/actions/action-client";
import { confirmPasswordForApp } from "@devicekeeper/server/oidc/confirm-for-app";

/** An app asked for a fresh sign-in (prompt=login, max_age): the password again, counted like any sign-in. */
export const confirmForAppAction = defineAction({
  access: "user",
  input: z.object({ currentPassword: z.string().min(1, { error: "Enter your password." }).max(1024) }),
  run: ({ currentPassword }, { session, actor }) => confirmPasswordForApp({ session, password: currentPassword, context: actor.context }),
});
