"use server";

import { z } from "zod";
import { appInputSchema } from "@/lib/validation/apps";
import { defineAction } from "@devicekeeper/server/actions/action-client";
import { createApp, updateApp } from "@devicekeeper/server/oidc/save-app";
import { deleteApp, rotateAppSecret, setAppEnabled } from "@devicekeeper/server/oidc/manage-app";

/** Apps (the OpenID Provider's clients): the admin role is checked here and again in each operation, with a recent password. */
const NOT_FOUND = "App not found";
const app = z.object({ appId: z.uuid({ error: NOT_FOUND }) });

export const createAppAction = defineAction({
  access: "admin",
  input: appInputSchema,
  revalidate: "/admin/apps",
  run: (input, { actor }) => createApp({ actor, app: input }),
});

export const updateAppAction = defineAction({
  access: "admin",
  input: appInputSchema.extend(app.shape),
  run: async ({ appId, ...input }, { actor }) => {
    const saved = await updateApp({ actor, appId, app: input });
    const ended = saved.signedOut
      ? ` Its kind changed, so everyone signed in to it was signed out (${saved.signedOut} sign-in${saved.signedOut === 1 ? "" : "s"}).`
      : "";
    return { ...saved, message: `Saved “${saved.app.name}”.${ended}` };
  },
});

export const rotateAppSecretAction = defineAction({
  access: "admin",
  input: app,
  invalidInput: NOT_FOUND,
  run: async ({ appId }, { actor }) => {
    const { clientSecret } = await rotateAppSecret({ actor, appId });
    return { message: "New client secret created. The old one no longer works.", clientSecret };
  },
});

export const setAppEnabledAction = defineAction({
  access: "admin",
  input: app.extend({ enabled: z.enum(["true", "false"]).transform((v) => v === "true") }),
  invalidInput: NOT_FOUND,
  run: async ({ appId, enabled }, { actor }) => {
    await setAppEnabled({ actor, appId, enabled });
    return {
      message: enabled
        ? "Enabled. People can sign in to it again."
        : "Disabled. No one can sign in to it, and everyone signed in to it through Devicekeeper was signed out of it.",
    };
  },
});

export const deleteAppAction = defineAction({
  access: "admin",
  input: app,
  invalidInput: NOT_FOUND,
  run: async ({ appId }, { actor }) => {
    await deleteApp({ actor, appId });
    return { message: "App deleted. Everyone signed in to it through Devicekeeper was signed out of it." };
  },
});
