import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { cookies } from "next/headers";
import { getSession } from "@devicekeeper/server/auth/session";
import { endedSessionNotice } from "@devicekeeper/server/auth/ended-session";
import { sessionCookieName } from "@devicekeeper/server/auth/cookies";
import { appOfInteraction } from "@devicekeeper/server/oidc/pending-sign-in";
import { SignInForm } from "@/components/auth/sign-in-form";
import { HOME_PATH, interactionOf, safeNextPath } from "@/lib/next-path";
import { z } from "zod";

// The address a password reset sends along (?email=): an email address or nothing; React escapes it into the field.
const prefilledEmail = z.string().trim().max(254).email().optional().catch(undefined);

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ reset?: string; next?: string; email?: string | string[]; again?: string }>;
}) {
  const { reset, next: asked, email: askedEmail, again } = await searchParams;
  const email = prefilledEmail.parse(askedEmail);
  // Where to go once signed in: this site only (an app signing in through us comes back to its interaction).
  const next = safeNextPath(asked);
  if (await getSession()) redirect(next);
  const uid = interactionOf(next);
  const app = uid ? await appOfInteraction(uid) : null;
  // A browser whose session was ended elsewhere lands here with its old cookie: say why.
  const ended = reset === "1" ? null : await endedSessionNotice((await cookies()).get(sessionCookieName())?.value);
  return (
    // Top-aligned, not centred: a message appearing in the card grows it downwards and moves nothing above it.
    <main className="flex min-h-screen items-start justify-center p-4 pt-[12vh]">
      <div className="w-full max-w-sm rounded-xl border border-line bg-surface p-6 shadow-sm sm:p-8">
        <h1 className="text-xl font-semibold">Sign in to Devicekeeper</h1>
        <p className="mt-1 text-sm text-fg-muted">
          {app ? (
            <>
              to continue to <strong className="font-semibold text-fg">{app}</strong>
            </>
          ) : (
            "See and manage the devices signed in to your account."
          )}
        </p>
        {/* What the user just did comes first; what it means for the app, after. */}
        {reset === "1" && (
          <p role="status" className="mt-4 rounded-md border border-success-line bg-success-soft px-3 py-2 text-sm text-success-strong">
            Your password was changed and every device was signed out. Sign in with your new password.
          </p>
        )}
        {uid && !app && (
          <p role="status" className="mt-4 rounded-md border border-warning-line bg-warning-soft px-3 py-2 text-sm text-warning-strong">
            This sign-in for an app has expired. Sign in here, or go back to the app and start again.
          </p>
        )}
        {ended && (
          <p role="status" className="mt-4 rounded-md border border-warning-line bg-warning-soft px-3 py-2 text-sm text-warning-strong">
            {ended}
          </p>
        )}
        {again === "1" && (
          // The form was sent before the page had finished loading (server/http/page-guards.ts): nothing was checked.
          <p role="status" className="mt-4 rounded-md border border-warning-line bg-warning-soft px-3 py-2 text-sm text-warning-strong">
            The page was still loading when you pressed Sign in. Enter your password again.
          </p>
        )}
        <noscript>
          <p className="mt-4 rounded-md border border-warning-line bg-warning-soft px-3 py-2 text-sm text-warning-strong">
            Signing in needs JavaScript. Turn it on for this site in your browser, then reload this page.
          </p>
        </noscript>
        <SignInForm next={uid && !app ? HOME_PATH : next} email={email} />
      </div>
    </main>
  );
}
