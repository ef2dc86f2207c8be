import "server-only";
import { endAppAccess } from "@/server/oidc/end-app-access";
import { db } from "@/server/db/client";
import { recordEvent } from "@/server/audit/record-event";
import type { Actor } from "@/server/audit/actor";
import { assertAdmin } from "@/server/auth/assert-admin";
import { AppError, notFound } from "@/server/errors";
import { assertAppUrisAllowed } from "@/server/oidc/app-uri-policy";
import { forgetClient } from "@/server/oidc/clients";
import { newClientSecret, toAppSummary } from "@/server/oidc/app-summary";
import { appIdSchema, type AppData, type AppSummary } from "@/lib/validation/apps";

export const MAX_APPS = 100;

/** An app's settings as the admin form and the history name them (the history words: lib/activity.ts). */
const APP_SETTINGS = [
  "name",
  "confidential",
  "redirectUris",
  "postLogoutRedirectUris",
  "backchannelLogoutUri",
  "firstParty",
  "scopes",
] as const;
/** The same setting, lists in any order (["email", "openid"] is ["openid", "email"]). */
const sameSetting = (a: unknown, b: unknown) =>
  Array.isArray(a) && Array.isArray(b) ? JSON.stringify([...a].sort()) === JSON.stringify([...b].sort()) : a === b;

/** Registers an app (administrators and server keys). A confidential app's secret is returned once, here. */
export async function createApp({ actor, app }: { actor: Actor; app: AppData }): Promise<{ app: AppSummary; clientSecret: string | null }> {
  assertAdmin(actor);
  await assertAppUrisAllowed(app);
  const secret = app.confidential ? newClientSecret() : null;
  const row = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('oidc-clients'))`;
    if ((await tx.oidcClient.count()) >= MAX_APPS) throw new AppError("CONFLICT", `There are already ${MAX_APPS} apps. Delete one first.`);
    const created = await tx.oidcClient.create({
      data: { ...app, secretEnc: secret?.secretEnc ?? null, secretPrefix: secret?.secretPrefix ?? null, createdById: actor.userId },
    });
    await recordEvent(tx, {
      actorId: actor.userId,
      userId: null,
      type: "APP_CREATED",
      context: actor.context,
      detail: { appId: created.id, appName: created.name },
    });
    return created;
  });
  return { app: toAppSummary(row), clientSecret: secret?.secret ?? null };
}

/**
 * Changes an app's registration: the fields given replace what is there, the others stay (the admin
 * form sends them all; PATCH /api/v1/apps/{appId} any). Switching it between confidential and public
 * gives it a new secret or takes its secret away (the new secret is returned once), and ends every
 * sign-in to it: tokens issued to a client that authenticated must not be redeemable by one that
 * does not, nor the other way round. `signedOut`: how many sign-ins that ended.
 */
export async function updateApp({
  actor,
  appId,
  app,
}: {
  actor: Actor;
  appId: string;
  app: Partial<AppData>;
}): Promise<{ app: AppSummary; clientSecret: string | null; signedOut: number }> {
  assertAdmin(actor);
  if (!appIdSchema.safeParse(appId).success) throw notFound("App");
  await assertAppUrisAllowed(app);
  const result = await db.$transaction(async (tx) => {
    // Locked: two changes of kind at once must not both mint a secret, the second overwriting the first's.
    await tx.$executeRaw`SELECT 1 FROM "OidcClient" WHERE id = ${appId} FOR UPDATE`;
    const before = await tx.oidcClient.findUnique({ where: { id: appId } });
    if (!before) throw notFound("App");
    const confidential = app.confidential ?? before.confidential;
    const kindChanged = confidential !== before.confidential;
    const secret = confidential && !before.confidential ? newClientSecret() : null;
    // Removing the back-channel URI cancels the logouts still waiting to be sent (they fail, "no
    // longer has a back-channel logout URI"): none goes on to a host the app has left.
    if (app.backchannelLogoutUri === null && before.backchannelLogoutUri !== null)
      await tx.$executeRaw`UPDATE "LogoutDelivery" SET uri = NULL WHERE "clientId" = ${appId} AND status = 'PENDING'`;
    // Then the sign-ins this change ends: their logouts keep the URI they ended under (LogoutDelivery.uri),
    // so they are sent even when this change removes it.
    const signedOut = kindChanged
      ? await endAppAccess(tx, {
          clientId: appId,
          appWide: { actor, appName: app.name ?? before.name, cause: confidential ? "made-confidential" : "made-public" },
        })
      : 0;
    const row = await tx.oidcClient.update({
      where: { id: appId },
      // A field left undefined is left as it is.
      data: {
        ...app,
        ...(secret ? { secretEnc: secret.secretEnc, secretPrefix: secret.secretPrefix } : {}),
        ...(!confidential ? { secretEnc: null, secretPrefix: null } : {}),
      },
    });
    // Which settings changed, for the history ("changed its redirect URIs": who changed where an app's users are sent is asked first).
    const changed = APP_SETTINGS.filter((key) => app[key] !== undefined && !sameSetting(app[key], before[key]));
    await recordEvent(tx, {
      actorId: actor.userId,
      userId: null,
      type: "APP_UPDATED",
      context: actor.context,
      detail: {
        appId,
        appName: row.name,
        changed,
        ...(changed.includes("name") ? { previousName: before.name } : {}),
        ...(kindChanged ? { kind: confidential ? "confidential" : "public", signedOut } : {}),
      },
    });
    return { app: toAppSummary(row), clientSecret: secret?.secret ?? null, signedOut };
  });
  forgetClient(appId);
  return result;
}
