import "server-only";
import type http from "node:http";
import type Provider from "oidc-provider";
import { db, rawQuery, sqlEpochMs } from "@/server/db/client";
import type { AuthSession } from "@/server/auth/validate-session";
import { contextFromHeaders } from "@/server/request-context";
import { findClient, type ClientFacts } from "@/server/oidc/clients";
import { saveGrant } from "@/server/oidc/grants";
import { authenticationOf } from "@/server/oidc/authentication";
import { signOut } from "@/server/auth/sign-out";
import { issuer } from "@/server/oidc/issuer";

/*
 * The provider's interactions are Devicekeeper's own pages. The provider sends the browser to
 * /oidc/interaction/{uid}; this decides: a browser already signed in here is signed in to the app
 * at once (single sign-on) — unless the app asked for a fresh sign-in (prompt=login, max_age) —
 * one that is not goes to the sign-in page, which comes back here; an app that needs consent gets
 * the consent page, which posts its answer to /oidc/interaction/{uid}/consent.
 */

/**
 * The marker of a prompt=none request from a browser signed in to Devicekeeper: the provider's own
 * session may not exist yet (it is made by the first app's sign-in), so mount.ts hands such a
 * request on without prompt=none and with this parameter, and the interaction answers it with
 * redirects only — signed in, or login_required / consent_required — never a page.
 */
export const SILENT = "dk_silent";

/** How much older than max_age a sign-in made for the request itself may be when the browser comes back. */
const MAX_AGE_SLACK_SECONDS = 10;

/**
 * When the provider made this interaction, in epoch milliseconds (its row's createdAt, written with
 * this process's clock); its `iat`'s second, rounded up, if the row is gone.
 */
async function interactionStartedAt(uid: string, iat: number | undefined): Promise<number> {
  const [row] = await rawQuery<{ ms: number }>(
    `SELECT ${sqlEpochMs('"createdAt"')} AS ms FROM "OidcPayload" WHERE model = 'Interaction' AND id = $1`,
    [uid],
  );
  return row ? Number(row.ms) : ((iat ?? 0) + 1) * 1000;
}

const at = (uid: string) => `/oidc/interaction/${encodeURIComponent(uid)}`;

function redirect(res: http.ServerResponse, location: string): void {
  res.writeHead(303, { location, "cache-control": "no-store" }).end();
}

/** The `sub` of an id_token_hint (the provider verified its signature before the interaction began). */
function hintedSubject(hint: unknown): string | null {
  if (typeof hint !== "string") return null;
  try {
    return (JSON.parse(Buffer.from(hint.split(".")[1] ?? "", "base64url").toString("utf8")) as { sub?: string }).sub ?? null;
  } catch {
    return null;
  }
}

/** GET /oidc/interaction/{uid}: sign the browser's user in to the app, or send them to the page that will. */
export async function continueInteraction(
  provider: Provider,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  session: AuthSession | null,
) {
  const details = await provider.interactionDetails(req, res);
  const { prompt, uid } = details;
  const back = encodeURIComponent(at(uid));
  // prompt=none from a browser signed in here (server/oidc/mount.ts): answer without any page.
  const silent = details.params[SILENT] === "1";
  const refuse = (error: string, error_description: string) => provider.interactionFinished(req, res, { error, error_description });
  // No Devicekeeper session in this browser (whatever the provider's own cookie says): sign in first,
  // so that what the app is given hangs from a session here.
  if (!session) {
    if (silent) return refuse("login_required", "End-User authentication is required");
    return redirect(res, `/sign-in?next=${back}`);
  }
  if (prompt.name === "consent") {
    const app = await findClient(String(details.params.client_id));
    // An administrator's own app is not asked for consent, even when it asks (prompt=consent).
    if (app?.firstParty && session.userId === details.session?.accountId)
      return redirect(res, await consent(provider, req, res, details, session.userId, app));
    if (silent) return refuse("consent_required", "The user has not allowed this app yet.");
    return redirect(res, `/authorize?interaction=${encodeURIComponent(uid)}`);
  }

  const hinted = hintedSubject(prompt.details.id_token_hint);
  if (hinted && hinted !== session.userId)
    return provider.interactionFinished(req, res, {
      error: "login_required",
      error_description: "The user is signed in to Devicekeeper with another account.",
    });

  // prompt=login wants a sign-in made after this request — to the millisecond: the interaction's
  // `iat` is in whole seconds, and a sign-in earlier in the same second is not one made after it;
  // max_age one at most that old. A sign-in made for this very request gets a few seconds more
  // (the way back to the app), so max_age=0 or 1 cannot send the user back to the password when a
  // second ticks over — but not more: the ID token's auth_time must still honour max_age.
  const verifiedAt = Math.floor(session.verifiedAt.getTime() / 1000);
  const maxAge = Number(prompt.details.max_age);
  const loginPrompt = prompt.reasons.includes("login_prompt");
  const afterRequest =
    loginPrompt || Number.isFinite(maxAge) ? session.verifiedAt.getTime() >= (await interactionStartedAt(uid, details.iat)) : false;
  const slack = afterRequest ? MAX_AGE_SLACK_SECONDS : 0;
  const stale = (loginPrompt && !afterRequest) || (Number.isFinite(maxAge) && verifiedAt < Math.floor(Date.now() / 1000) - maxAge - slack);
  if (stale && silent) return refuse("login_required", "A fresh sign-in is required.");
  if (stale) return redirect(res, `/authorize/confirm?interaction=${encodeURIComponent(uid)}`);

  const { amr, acr } = await authenticationOf(session.sessionId);
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: session.userId, ts: verifiedAt, amr, acr, remember: true } },
    { mergeWithLastSubmission: false },
  );
}

/** The consent page's answers: Allow, Cancel, or "Use another account". */
export type ConsentDecision = "allow" | "deny" | "another-account";

/**
 * POST /oidc/interaction/{uid}/consent (from the consent page, by fetch: the answer is where to go
 * next, as JSON — a form's redirect to the app would be refused by the page's form-action policy).
 * Only the browser holding the interaction's cookie, signed in as the interaction's user, answers.
 * `signedOut`: this browser's Devicekeeper session ended ("Use another account"); its cookie goes.
 */
export async function answerConsent(
  provider: Provider,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  session: AuthSession | null,
  decision: ConsentDecision,
): Promise<{ status: number; body: object; signedOut?: true }> {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name !== "consent" || !session || session.userId !== details.session?.accountId)
    return { status: 403, body: { error: "This sign-in belongs to another account; go back to the app and start again." } };
  if (decision === "another-account")
    return { status: 200, body: { redirectTo: await anotherAccount(req, details, session) }, signedOut: true };
  const app = await findClient(String(details.params.client_id));
  if (decision !== "allow" || !app) {
    const redirectTo = await provider.interactionResult(req, res, {
      error: "access_denied",
      error_description: "The user did not allow access.",
    });
    return { status: 200, body: { redirectTo } };
  }
  return { status: 200, body: { redirectTo: await consent(provider, req, res, details, session.userId, app) } };
}

type Details = Awaited<ReturnType<Provider["interactionDetails"]>>;

/**
 * "Use another account" (a shared browser, say): this browser's Devicekeeper session ends — a
 * sign-out like the account menu's, audited, and with it the apps signed in on it — and the app's
 * request starts over asking who signs in (prompt=login, without the old account's login_hint):
 * the sign-in page, then the consent page for whoever signs in. Answers where the browser goes.
 */
async function anotherAccount(req: http.IncomingMessage, details: Details, session: AuthSession): Promise<string> {
  await signOut({ sessionId: session.sessionId, userId: session.userId, context: contextFromHeaders(req.headers) });
  const again = new URL(`${issuer()}/auth`);
  for (const [key, value] of Object.entries(details.params))
    if (typeof value === "string" && !["prompt", "login_hint", "id_token_hint", SILENT].includes(key)) again.searchParams.set(key, value);
  again.searchParams.set("prompt", "login");
  return again.href;
}

/** The user's consent: the grant gets the scopes asked for (within the app's), audited; answers where the browser goes next. */
async function consent(
  provider: Provider,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  details: Details,
  userId: string,
  app: ClientFacts,
) {
  const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
  const grant = existing ?? new provider.Grant({ accountId: userId, clientId: app.id });
  const missing = (details.prompt.details.missingOIDCScope as string[] | undefined) ?? [];
  const grantId = await saveGrant(grant, {
    scopes: missing.filter((s) => app.scopes.includes(s)),
    appName: app.name,
    firstParty: app.firstParty,
    context: contextFromHeaders(req.headers),
    created: !existing,
  });
  return provider.interactionResult(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

/** What the consent page shows: the app, what it asks, for whom; null when this is not the user's consent to give. */
export async function consentRequest(provider: Provider, uid: string, userId: string) {
  const interaction = await provider.Interaction.find(uid);
  if (!interaction || interaction.prompt.name !== "consent" || interaction.session?.accountId !== userId) return null;
  const app = await findClient(String(interaction.params.client_id));
  if (!app) return null;
  // Everything the app gets with this sign-in (within what it is allowed), not only what it had not
  // been given before: asked again (prompt=consent), the user still sees all of it.
  const requested = String(interaction.params.scope ?? "").split(" ");
  const scopes = app.scopes.filter((s) => requested.includes(s));
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true } });
  return { uid, appName: app.name, scopes, email: user?.email ?? "", redirectHost: new URL(String(interaction.params.redirect_uri)).host };
}
