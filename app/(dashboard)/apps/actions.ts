"use server";

import { z } from "zod";
import { defineAction } from "@devicekeeper/server/actions/action-client";
import { removeAppAccess } from "@devicekeeper/server/oidc/connected-apps";

/** "Remove access": the app is signed out on every device and must ask again. */
export const removeAppAccessAction = defineAction({
  access: "user",
  input: z.object({ clientId: z.string().min(1).max(200) }),
  invalidInput: "App not found",
  run: async ({ clientId }, { session, actor }) => {
    await removeAppAccess({ actor, userId: session.userId, clientId });
    return { message: "Access removed. The app was signed out on every device." };
  },
  revalidate: "/apps",
});
