import "server-only";
import { getProvider } from "@/server/oidc/provider";
import { findClient } from "@/server/oidc/clients";
import { consentRequest } from "@/server/oidc/interactions";

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

/** The consent page's facts, for this user only. */
export async function consentFor(uid: string, userId: string) {
  return consentRequest(await getProvider(), uid, userId);
}
