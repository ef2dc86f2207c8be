import "server-only";
import type { Grant, KoaContextWithOIDC } from "oidc-provider";
import { db } from "@/server/db/client";
import { recordEvent } from "@/server/audit/record-event";
import { contextFromHeaders, type RequestContext } from "@/server/request-context";
import { actingSession } from "@/server/oidc/acting-session";
import { findClient } from "@/server/oidc/clients";

/**
 * A grant's new scopes, saved; bound to the acting Devicekeeper Session by the adapter. Audited as an
 * app being allowed (for an app that is not first-party, the user is emailed the first time: the
 * security-mail trigger's 'app-authorized').
 */
export async function saveGrant(
  grant: Grant,
  {
    scopes,
    appName,
    firstParty,
    context,
    created,
  }: { scopes: string[]; appName: string; firstParty: boolean; context: RequestContext; created: boolean },
): Promise<string> {
  if (scopes.length) grant.addOIDCScope(scopes.join(" "));
  const grantId = await grant.save();
  const userId = grant.accountId!;
  const session = actingSession();
  if (created)
    await recordEvent(db, {
      actorId: userId,
      userId,
      deviceId: session?.userId === userId ? session.deviceId : null,
      type: "APP_AUTHORIZED",
      context,
      detail: { clientId: grant.clientId!, appName, firstParty, scopes: grant.getOIDCScope().split(" ").filter(Boolean) },
    });
  return grantId;
}

/**
 * The provider's loadExistingGrant: the grant the consent page made, or this session's grant for
 * the app — and for a first-party app (an administrator's flag), a grant made here for what it
 * asks within what it may ask: its users are not asked for consent.
 */
export async function authorizeFirstPartyApp(ctx: KoaContextWithOIDC): Promise<Grant | undefined> {
  const { oidc } = ctx;
  const grantId = oidc.result?.consent?.grantId ?? oidc.session!.grantIdFor(oidc.client!.clientId);
  const existing = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
  const app = await findClient(oidc.client!.clientId);
  const accountId = oidc.session!.accountId;
  // Made here only for the browser's own Devicekeeper session (its cookie checked), which the grant
  // then hangs from; without it the provider asks, and the interaction asks the browser to sign in.
  if (!app?.firstParty || !accountId || actingSession()?.userId !== accountId) return existing;
  const has = new Set(existing?.getOIDCScope().split(" ") ?? []);
  const missing = [...oidc.requestParamOIDCScopes].filter((s) => app.scopes.includes(s) && !has.has(s));
  if (existing && !missing.length) return existing;
  const grant = existing ?? new oidc.provider.Grant({ accountId, clientId: app.id });
  await saveGrant(grant, {
    scopes: missing,
    appName: app.name,
    firstParty: true,
    context: contextFromHeaders(ctx.req.headers),
    created: !existing,
  });
  return grant;
}
