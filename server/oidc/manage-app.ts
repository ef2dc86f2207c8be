import "server-only";
import { db } from "@/server/db/client";
import { recordEvent } from "@/server/audit/record-event";
import type { Actor } from "@/server/audit/actor";
import { assertAdmin } from "@/server/auth/assert-admin";
import { AppError, notFound } from "@/server/errors";
import { forgetClient } from "@/server/oidc/clients";
import { endAppAccess } from "@/server/oidc/end-app-access";
import { newClientSecret } from "@/server/oidc/app-summary";
import { appIdSchema } from "@/lib/validation/apps";

type Target = { actor: Actor; appId: string };

async function appOrThrow(tx: Pick<typeof db, "oidcClient">, appId: string) {
  if (!appIdSchema.safeParse(appId).success) throw notFound("App");
  const app = await tx.oidcClient.findUnique({ where: { id: appId } });
  if (!app) throw notFound("App");
  return app;
}

/** A new client secret, returned once; the old one stops working at once (within seconds on other instances). */
export async function rotateAppSecret({ actor, appId }: Target): Promise<{ clientSecret: string; secretPrefix: string }> {
  assertAdmin(actor);
  const secret = newClientSecret();
  await db.$transaction(async (tx) => {
    const app = await appOrThrow(tx, appId);
    if (!app.confidential) throw new AppError("CONFLICT", "A public app has no secret.");
    await tx.oidcClient.update({ where: { id: appId }, data: { secretEnc: secret.secretEnc, secretPrefix: secret.secretPrefix } });
    await recordEvent(tx, {
      actorId: actor.userId,
      userId: null,
      type: "APP_SECRET_ROTATED",
      context: actor.context,
      detail: { appId, appName: app.name },
    });
  });
  forgetClient(appId);
  return { clientSecret: secret.secret, secretPrefix: secret.secretPrefix };
}

/**
 * Disables an app — no one can sign in to it, and everyone signed in to it through Devicekeeper is
 * signed out of it (tokens revoked, back-channel logouts sent) — or enables it again.
 */
export async function setAppEnabled({
  actor,
  appId,
  enabled,
}: Target & { enabled: boolean }): Promise<{ changed: boolean; grantsEnded: number }> {
  assertAdmin(actor);
  const result = await db.$transaction(async (tx) => {
    const app = await appOrThrow(tx, appId);
    if (enabled === !app.disabledAt) return { changed: false, grantsEnded: 0 };
    await tx.oidcClient.update({ where: { id: appId }, data: { disabledAt: enabled ? null : new Date() } });
    const grantsEnded = enabled ? 0 : await endAppAccess(tx, { clientId: appId, appWide: { actor, appName: app.name, cause: "disabled" } });
    await recordEvent(tx, {
      actorId: actor.userId,
      userId: null,
      type: enabled ? "APP_ENABLED" : "APP_DISABLED",
      context: actor.context,
      detail: { appId, appName: app.name, ...(enabled ? {} : { grantsEnded }) },
    });
    return { changed: true, grantsEnded };
  });
  forgetClient(appId);
  return result;
}

/**
 * Deletes an app: its grants and tokens go with it, and everyone signed in to it is signed out —
 * told by back-channel logout like a disabling, the logouts outliving the registration (they keep
 * its URI and client ID). A second delete is "App not found".
 */
export async function deleteApp({ actor, appId }: Target): Promise<{ deleted: true }> {
  assertAdmin(actor);
  await db.$transaction(async (tx) => {
    const app = await appOrThrow(tx, appId);
    await endAppAccess(tx, { clientId: appId, appWide: { actor, appName: app.name, cause: "deleted" } });
    // Its logouts outlive it, each sent to the URI it kept: from now on, the app's URI as it is (an
    // earlier logout may still hold one the app has since left; none, if the app has none now).
    await tx.$executeRaw`UPDATE "LogoutDelivery" SET uri = ${app.backchannelLogoutUri} WHERE "clientId" = ${appId} AND status = 'PENDING'`;
    await tx.oidcClient.delete({ where: { id: appId } });
    await recordEvent(tx, {
      actorId: actor.userId,
      userId: null,
      type: "APP_DELETED",
      context: actor.context,
      detail: { appId, appName: app.name },
    });
  });
  forgetClient(appId);
  return { deleted: true };
}
