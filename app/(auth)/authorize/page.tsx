import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getSession } from "@devicekeeper/server/auth/session";
import { consentFor } from "@devicekeeper/server/oidc/pending-sign-in";
import { PublicCard } from "@/components/auth/public-card";
import { ConsentForm } from "@/components/apps/consent-form";
import { scopeWords } from "@/lib/apps";

export const metadata: Metadata = { title: "Allow access" };

/**
 * The consent page of an app signing in through Devicekeeper (not a first-party app): names the
 * app, the account and what the app asks for; Allow or Cancel answer the provider's interaction.
 */
export default async function AuthorizePage({ searchParams }: { searchParams: Promise<{ interaction?: string }> }) {
  const { interaction } = await searchParams;
  const uid = typeof interaction === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(interaction) ? interaction : null;
  const session = await getSession();
  if (uid && !session) redirect(`/sign-in?next=${encodeURIComponent(`/oidc/interaction/${uid}`)}`);
  const request = uid && session ? await consentFor(uid, session.userId) : null;
  if (!request)
    return (
      <PublicCard title="This sign-in has expired">
        <p className="mt-4 text-sm">
          The app&apos;s request is over or was meant for another account. Go back to the app and sign in again.
        </p>
        <p className="mt-4 text-sm">
          <Link href="/devices" className="font-medium text-accent underline-offset-2 hover:underline">
            Go to your devices
          </Link>
        </p>
      </PublicCard>
    );
  return (
    <PublicCard
      title={`${request.appName} wants to use your Devicekeeper account`}
      intro={
        <>
          Signed in as <strong className="font-semibold text-fg">{request.email}</strong>
        </>
      }
    >
      <p className="mt-5 text-sm font-medium">If you allow it, {request.appName} can:</p>
      <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
        {(request.scopes.length ? request.scopes : ["openid"]).map((scope) => (
          <li key={scope}>{scopeWords(scope)}</li>
        ))}
      </ul>
      <p className="mt-4 text-sm text-fg-muted">
        You&apos;ll return to <span className="font-mono">{request.redirectHost}</span>. Signing this device out of Devicekeeper signs it
        out of {request.appName} too. You can remove its access at any time on your Apps page.
      </p>
      <ConsentForm uid={request.uid} appName={request.appName} email={request.email} />
    </PublicCard>
  );
}
