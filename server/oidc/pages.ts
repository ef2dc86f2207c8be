import "server-only";
import type { KoaContextWithOIDC } from "oidc-provider";
import { escapeHtml, plainPage } from "@/server/http/plain-page";
import { actingSession } from "@/server/oidc/acting-session";
import { logger } from "@/server/observability/logger";

// The provider's own pages (served by it, outside Next), in the dashboard's words and look.

function send(ctx: KoaContextWithOIDC, page: { html: string; csp: string }, status?: number) {
  ctx.type = "html";
  ctx.set("content-security-policy", page.csp);
  ctx.set("cache-control", "no-store");
  if (status) ctx.status = status;
  ctx.body = page.html;
}

const appOf = (ctx: KoaContextWithOIDC) => ctx.oidc.client?.clientName ?? "the app";

/**
 * An app asked to sign the user out (RP-initiated logout): of that app only, or of Devicekeeper —
 * which signs this device out of every app it signed in to. `form` is the provider's own form (its
 * one-time token); the buttons submit it. Reached with no app named (a bare link), only the second
 * is a choice: there is no app to sign out of alone.
 */
export async function logoutPage(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  // The form's answer redirects to the app's registered post-logout address (checked by the
  // provider before this page): browsers hold that redirect to the page's form-action too.
  const back = ctx.oidc.params?.post_logout_redirect_uri;
  const url = typeof back === "string" && URL.canParse(back) ? new URL(back) : null;
  const formAction = url ? `'self' ${url.protocol === "http:" || url.protocol === "https:" ? url.origin : url.protocol}` : "'self'";
  const everywhere = `<button class="danger" type="submit" form="op.logoutForm" name="logout" value="yes">Sign out of Devicekeeper and every app</button>`;
  const app = ctx.oidc.client ? escapeHtml(appOf(ctx)) : null;
  send(
    ctx,
    plainPage({
      title: "Sign out",
      formAction,
      body: app
        ? `<h1>Sign out of ${app}?</h1>
<p>You can also sign out of Devicekeeper on this device, which signs this device out of every app you signed in to with it.</p>
${form}
<div class="actions">
<button class="primary" type="submit" form="op.logoutForm" autofocus>Sign out of ${app} only</button>
${everywhere}
</div>`
        : `<h1>Sign out of Devicekeeper?</h1>
<p>No app asked for this. Signing out of Devicekeeper on this device also signs it out of every app you signed in to with it.</p>
${form}
<div class="actions">
${everywhere}
<p><a href="/devices">Stay signed in</a></p>
</div>`,
    }),
  );
}

/**
 * After a sign-out with no way back to the app (no post_logout_redirect_uri): what ended, said as it
 * is — the Devicekeeper session (read for this request, after the sign-out), or one app's only, or
 * nothing (no app was named and the user is still signed in).
 */
export async function signedOutPage(ctx: KoaContextWithOIDC): Promise<void> {
  const stillSignedIn = actingSession() !== null;
  const app = ctx.oidc.client ? escapeHtml(appOf(ctx)) : null;
  const [heading, text] = !stillSignedIn
    ? ["You are signed out", "You signed out of Devicekeeper on this device, and so of every app you signed in to with it."]
    : app
      ? [
          `You signed out of ${app}`,
          "You are still signed in to Devicekeeper on this device, and to the other apps you signed in to with it.",
        ]
      : [
          "You are still signed in",
          "Nothing was signed out: no app was named. To sign this device out of Devicekeeper and every app, use Sign out in the account menu.",
        ];
  send(
    ctx,
    plainPage({
      title: !stillSignedIn ? "Signed out" : app ? "Signed out of the app" : "Still signed in",
      body: `<h1>${heading}</h1><p>${text}</p><p><a href="${stillSignedIn ? "/devices" : "/sign-in"}">${stillSignedIn ? "Your devices" : "Sign in again"}</a></p>`,
    }),
  );
}

/** What an expired or finished sign-in tells the person holding the browser. */
const EXPIRED = { title: "This sign-in has expired", words: "Go back to the app and sign in again." };

/**
 * The page for a sign-in interaction that is gone (expired, finished, never was), which the front
 * door answers itself (server/oidc/mount.ts): built once.
 */
export const EXPIRED_SIGN_IN_PAGE = plainPage({
  title: EXPIRED.title,
  body: `<h1>${EXPIRED.title}</h1><p>It waited too long or was already finished. ${EXPIRED.words}</p><p><a href="/devices">Your devices</a></p>`,
});

/**
 * The page for a sign-in that is still waiting, but in another browser: its cookie is not in this
 * one (a reset link opened on a phone, say), so it cannot finish here. Says which app, and where.
 */
export function otherBrowserSignInPage(app: string, signedIn: boolean) {
  const name = escapeHtml(app);
  return plainPage({
    title: `Finish signing in to ${app} where you started`,
    body:
      `<h1>Finish signing in to ${name} where you started</h1>` +
      `<p>This sign-in to ${name} was started in another browser, so it can only finish there.</p>` +
      `<p>${signedIn ? "You are signed in to Devicekeeper in this browser: open" : "Open"} ${name} here and sign in again, or go back to the browser you started in.</p>` +
      `<p><a href="/devices">Your devices</a></p>`,
  });
}

/** What a refused request means to the person holding the browser, by the provider's error. */
function plainWords(out: { error: string; error_description?: string }, signingOut: boolean): string {
  const said = out.error_description ?? "";
  if (out.error === "invalid_client")
    return "This app is not registered with Devicekeeper, or an administrator has turned it off. Tell the app's administrator.";
  // The provider's "… did not match any of the client's registered …" / "… not registered": not a missing one.
  if (/redirect_uri.*(did not match|not registered)/.test(said))
    return signingOut
      ? "The app asked to send you back to an address it has not registered, so Devicekeeper does not. You are still signed in."
      : "The app asked to send you back to an address it has not registered, so Devicekeeper does not. Tell the app's administrator.";
  if (/id_token_hint/.test(said)) return "The app's sign-out request could not be read. You are still signed in.";
  return signingOut ? "The app sent a sign-out request Devicekeeper cannot answer." : "The app sent a request Devicekeeper cannot answer.";
}

/**
 * A request the provider cannot continue (an expired sign-in, an unknown app, an unregistered
 * address …), said plainly to the user — sign-in or sign-out, as it was — with the provider's own
 * words kept small, for whoever looks after the app. Never a redirect: the address is not trusted.
 */
export async function errorPage(ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }): Promise<void> {
  const signingOut = String(ctx.oidc?.route ?? "").startsWith("end_session");
  const expired = out.error === "invalid_request" && /expired|not found|mismatch/i.test(out.error_description ?? "");
  const title = signingOut ? "Sign-out could not continue" : expired ? EXPIRED.title : "Sign-in could not continue";
  // A browser's sign-in or sign-out request (not a token request an app made asking for HTML): what
  // the app sent (it is in the address bar anyway) and which app, for whoever connects it, and logged.
  // The app's name only once its request passed the client check.
  const browserRoute = ctx.oidc?.route === "authorization" || signingOut;
  const asked = ctx.oidc?.params?.[signingOut ? "post_logout_redirect_uri" : "redirect_uri"];
  const clientId = ctx.oidc?.params?.client_id ?? ctx.oidc?.client?.clientId;
  const name = out.error !== "invalid_client" ? ctx.oidc?.client?.clientName : undefined;
  const sent = browserRoute
    ? [
        typeof clientId === "string" && `client_id ${clientId}${name ? ` (${name})` : ""}`,
        /redirect_uri/.test(out.error + (out.error_description ?? "")) && typeof asked === "string" && `redirect URI asked for: ${asked}`,
      ].filter((x): x is string => !!x)
    : [];
  if (browserRoute && !expired)
    logger.warn(
      { clientId, error: out.error, description: out.error_description, asked },
      `oidc: ${signingOut ? "sign-out" : "sign-in"} request refused`,
    );
  send(
    ctx,
    plainPage({
      title,
      body: `<h1>${title}</h1>
<p>${escapeHtml(expired && !signingOut ? EXPIRED.words : plainWords(out, signingOut))}</p>
<p><small>For the app's administrator: <code>${escapeHtml(out.error)}</code>${out.error_description ? ` — ${escapeHtml(out.error_description)}` : ""}${
        sent.length ? `<br>${sent.map(escapeHtml).join("<br>")}` : ""
      }</small></p>
<p><a href="/devices">Your devices</a></p>`,
    }),
  );
}
