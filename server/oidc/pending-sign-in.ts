import "server-only";
import { getProvider } from "@/server/oidc/provider";
import { findClient } from "@/server/oidc/clients";
import { consentRequest } from "@/server/oidc/interactions";
import { interactionOf } from "@/lib/next-path";
import type { SignInApp } from "@/server/auth/start-session";

/**
 * The app a pending sign-in is for (the sign-in page says "to continue to <app>"), or null when
 * the interaction is unknown or over.
 */
export async function appOfInteraction(uid: string): Promise<string | null> {
  const provider = await getProvider();
  const interaction = await provider.Interaction.find(uid);
  if (!interaction) return null;
  return (await findClient(String(interaction.params.client_id)))?.name ?? null;
}

/**
 * The app a sign-in continues to, from the sign-in page's address as its form posts it
 * (`/sign-in?next=/oidc/interaction/{uid}`): the interaction must still be pending, and its app is
 * the one the provider recorded — never a name the browser sent. Null for a sign-in of the dashboard.
 */
export async function appOfSignIn(pageUrl: unknown): Promise<SignInApp | null> {
  if (typeof pageUrl !== "string" || pageUrl.length > 2048) return null;
  let next: string | null;
  try {
    next = new URL(pageUrl, "http://localhost").searchParams.get("next");
  } catch {
    return null;
  }
  const uid = next ? interactionOf(next) : null;
  if (!uid) return null;
  const provider = await getProvider();
  const interaction = await provider.Interaction.find(uid);
  if (!interaction) return null;
  const client = await findClient(String(interaction.params.client_id));
  return client ? { clientId: client.id, name: client.name } : null;
}

/** The consent page's facts, for this user only. */
export async function consentFor(uid: string, userId: string) {
  return consentRequest(await getProvider(), uid, userId);
}
