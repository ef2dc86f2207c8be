import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSession } from "@devicekeeper/server/auth/session";
import { appOfInteraction } from "@devicekeeper/server/oidc/pending-sign-in";
import { PublicCard } from "@/components/auth/public-card";
import { ConfirmForApp } from "@/components/apps/confirm-for-app";
import { confirmForAppAction } from "./actions";

export const metadata: Metadata = { title: "Confirm it's you" };

/** An app asked for a fresh sign-in (prompt=login, max_age): the signed-in user confirms their password, then returns to it. */
export default async function ConfirmForAppPage({ searchParams }: { searchParams: Promise<{ interaction?: string }> }) {
  const { interaction } = await searchParams;
  const uid = typeof interaction === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(interaction) ? interaction : null;
  const back = uid ? `/oidc/interaction/${uid}` : null;
  const session = await getSession();
  if (back && !session) redirect(`/sign-in?next=${encodeURIComponent(back)}`);
  const app = uid ? await appOfInteraction(uid) : null;
  if (!app || !back || !session)
    return (
      <PublicCard title="This sign-in has expired">
        <p className="mt-4 text-sm">Go back to the app and sign in again.</p>
      </PublicCard>
    );
  return (
    <PublicCard
      title="Confirm it's you"
      intro={
        <>
          <strong className="font-semibold text-fg">{app}</strong> asks you to sign in again. Enter the password of{" "}
          <strong className="font-semibold text-fg">{session.email}</strong> to continue.
        </>
      }
    >
      <ConfirmForApp action={confirmForAppAction} next={back} />
    </PublicCard>
  );
}
