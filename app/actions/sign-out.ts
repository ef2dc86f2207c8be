"use server";

import { z } from "zod";
import { defineAction } from "@devicekeeper/server/actions/action-client";
import { signOut } from "@devicekeeper/server/auth/sign-out";

/** The user menu's "Sign out": ends this session (its row, not only the cookie) and clears the cookie. */
export const signOutAction = defineAction({
  access: "user",
  input: z.object({}),
  run: async (_, { session, actor }) => {
    await signOut({ sessionId: session.sessionId, userId: session.userId, context: actor.context });
    return {};
  },
  endsOwnSession: () => true,
});
