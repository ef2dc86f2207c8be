import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@devicekeeper/server/auth/session";
import { listConnectedApps } from "@devicekeeper/server/oidc/connected-apps";
import { getRequestContext } from "@devicekeeper/server/request-context";
import { ConnectedApps } from "@/components/apps/connected-apps";
import { removeAppAccessAction } from "./actions";

export const metadata: Metadata = { title: "Apps" };

export default async function AppsPage() {
  const session = await requireUser();
  const apps = await listConnectedApps({
    actor: { userId: session.userId, role: session.role, context: await getRequestContext() },
    userId: session.userId,
  });
  return (
    <>
      <h1 className="text-2xl font-semibold">Apps</h1>
      <p className="mb-6 mt-1 max-w-2xl text-sm text-fg-muted">
        Apps you signed in to with your Devicekeeper account. Each stays signed in only as long as the device you signed in on: signing a
        device out on{" "}
        <Link href="/devices" className="font-medium text-accent hover:underline">
          Your devices
        </Link>{" "}
        signs it out of these apps too. Remove an app&apos;s access to sign it out on every device at once.
      </p>
      <ConnectedApps apps={apps} remove={removeAppAccessAction} />
    </>
  );
}
