import "server-only";
import type { KoaContextWithOIDC } from "oidc-provider";
import { escapeHtml, plainPage } from "@/server/http/plain-page";

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
 * one-time token); the buttons submit it.
 */
export async function logoutPage(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  const app = escapeHtml(appOf(ctx));
  // The form's answer redirects to the app's registered post-logout address (checked by the
  // provider before this page): browsers hold that redirect to the page's form-action too.
  const back = ctx.oidc.params?.post_logout_redirect_uri;
  const url = typeof back === "string" && URL.canParse(back) ? new URL(back) : null;
  const formAction = url ? `'self' ${url.protocol === "http:" || url.protocol === "https:" ? url.origin : url.protocol}` : "'self'";
  send(
    ctx,
    plainPage({
      title: "Sign out",
      formAction,
      body: `<h1>Sign out of ${app}?</h1>
<p>You can also sign out of Devicekeeper on this device, which signs this device out of every app you signed in to with it.</p>
${form}
<div class="actions">
<button class="primary" type="submit" form="op.logoutForm">Sign out of ${app} only</button>
<button class="danger" type="submit" form="op.logoutForm" name="logout" value="yes">Sign out of Devicekeeper and every app</button>
</div>`,
    }),
  );
}

/** After a sign-out with no way back to the app (no post_logout_redirect_uri). */
export async function signedOutPage(ctx: KoaContextWithOIDC): Promise<void> {
  send(
    ctx,
    plainPage({
      title: "Signed out",
      body: `<h1>You are signed out</h1><p>You signed out of ${escapeHtml(appOf(ctx))}. You can close this page.</p><p><a href="/devices">Your devices</a></p>`,
    }),
  );
}

/** A request the provider cannot continue (an expired sign-in, an unknown app …), said plainly; the details stay in the log. */
export async function errorPage(ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }): Promise<void> {
  const expired = out.error === "invalid_request" && /expired|not found|mismatch/i.test(out.error_description ?? "");
  send(
    ctx,
    plainPage({
      title: "Sign-in could not continue",
      body: `<h1>${expired ? "This sign-in has expired" : "Sign-in could not continue"}</h1>
<p>${escapeHtml(expired ? "Go back to the app and sign in again." : (out.error_description ?? "The app sent a request Devicekeeper cannot answer."))}</p>
<p>Error: <code>${escapeHtml(out.error)}</code></p>
<p><a href="/devices">Your devices</a></p>`,
    }),
  );
}
