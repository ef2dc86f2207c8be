import "server-only";
import type { KoaContextWithOIDC } from "oidc-provider";
import { db } from "@/server/db/client";
import { recordEvent } from "@/server/audit/record-event";
import { contextFromHeaders } from "@/server/request-context";
import { actingSession } from "@/server/oidc/acting-session";
import { logger } from "@/server/observability/logger";

type AppEvent = {
  client: { clientId: string; clientName?: string };
  userId: string;
  deviceId: string | null;
  type: "APP_SIGNED_IN" | "APP_SIGNED_OUT";
  detail: Record<string, unknown>;
};

/**
 * Writes an app's sign-in or sign-out into the user's history, by the user, naming the app. The
 * sign-in or sign-out itself has happened: a failure to write its history line is logged, not raised.
 */
async function recordAppEvent(ctx: KoaContextWithOIDC, { client, userId, deviceId, type, detail }: AppEvent): Promise<void> {
  try {
    await recordEvent(db, {
      actorId: userId,
      userId,
      deviceId,
      type,
      context: contextFromHeaders(ctx.req.headers),
      detail: { clientId: client.clientId, appName: client.clientName ?? client.clientId, ...detail },
    });
  } catch (e) {
    logger.error({ err: e, type }, "oidc: could not record an app's sign-in or sign-out");
  }
}

/**
 * "Signed in to Wiki on Chrome 141 on macOS": every sign-in of an app through the provider goes
 * into the user's history, on the device whose Devicekeeper session it used.
 */
export async function recordAppSignIn(ctx: KoaContextWithOIDC): Promise<void> {
  const userId = ctx.oidc.session?.accountId;
  const client = ctx.oidc.client;
  const session = actingSession();
  if (!userId || !client) return;
  await recordAppEvent(ctx, {
    client,
    userId,
    deviceId: session?.userId === userId ? session.deviceId : null,
    type: "APP_SIGNED_IN",
    detail: { scope: String(ctx.oidc.params?.scope ?? "") },
  });
}

/**
 * "Signed out of Wiki on Chrome 141 on macOS, from the app": the app's own sign-out when the user
 * chose to sign out of it only (RP-initiated logout) — the Devicekeeper session stays, so this is
 * the only trace of it in their history ("… and every app" is the session's SIGN_OUT, naming the apps).
 */
export async function recordAppSignOut(ctx: KoaContextWithOIDC): Promise<void> {
  const session = actingSession();
  const client = ctx.oidc.client;
  if (!session || !client || ctx.oidc.session?.accountId !== session.userId) return;
  await recordAppEvent(ctx, { client, userId: session.userId, deviceId: session.deviceId, type: "APP_SIGNED_OUT", detail: {} });
}
