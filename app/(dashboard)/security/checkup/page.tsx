import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@devicekeeper/server/auth/session";
import { getRequestContext } from "@devicekeeper/server/request-context";
import { getSecurityCheckup } from "@devicekeeper/server/security/security-checkup";
import { SecurityCheckupView } from "@/components/security/security-checkup-view";
import { confirmDeviceAction, signOutStaleDevicesAction } from "./actions";

export const metadata: Metadata = { title: "Security checkup" };

export default async function SecurityCheckupPage() {
  const session = await requireUser();
  const actor = { userId: session.userId, sessionId: session.sessionId, role: session.role, context: await getRequestContext() };
  const checkup = await getSecurityCheckup({ actor, userId: session.userId, currentDeviceId: session.deviceId });
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/security" className="font-medium text-accent underline-offset-2 hover:underline">
          Security
        </Link>
      </nav>
      <h1 className="text-2xl font-semibold">Security checkup</h1>
      <p className="mb-6 mt-1 text-sm text-fg-muted">
        {checkup.items.length
          ? "What to do to keep your account yours, most urgent first. Each is one click away."
          : "What to do to keep your account yours."}
      </p>
      <SecurityCheckupView checkup={checkup} actions={{ signOutStale: signOutStaleDevicesAction, confirmDevice: confirmDeviceAction }} />
    </>
  );
}
