// Its own route group: the list's loading skeleton (loading.tsx) must not wrap /devices/{id}, whose
// 404 for a device that is not the user's has to be decided before anything streams.
import type { Metadata } from "next";
import { requireUser } from "@devicekeeper/server/auth/session";
import { listDevices } from "@devicekeeper/server/devices/list-devices";
import { getSecurityOverview } from "@devicekeeper/server/mfa/get-security-overview";
import { getRequestContext } from "@devicekeeper/server/request-context";
import { getSecurityCheckup } from "@devicekeeper/server/security/security-checkup";
import { DevicesView } from "@/components/devices/devices-view";
import { CheckupNotice } from "@/components/security/checkup-notice";
import { SecondFactorSetupNotice } from "@/components/security/second-factor-setup-notice";
import { secondFactorSetupReason } from "@devicekeeper/server/mfa/second-factor-setup-reason";
import { signOutOtherDevicesAction } from "../actions";
import { userDeviceActions } from "../user-device-actions";

export const metadata: Metadata = { title: "Your devices" };

export default async function DevicesPage() {
  const session = await requireUser();
  const actor = { userId: session.userId, sessionId: session.sessionId, role: session.role, context: await getRequestContext() };
  const overview = getSecurityOverview(session.userId);
  // The checkup reuses the overview read for the page: two more statements, not six, at the same time.
  const [devices, security, checkup] = await Promise.all([
    listDevices({ userId: session.userId, currentDeviceId: session.deviceId, currentSessionId: session.sessionId }),
    overview,
    getSecurityCheckup({ actor, userId: session.userId, currentDeviceId: session.deviceId, overview }),
  ]);
  // A reset left them with no second factor: their first page after signing in says so.
  const setupReason = await secondFactorSetupReason(session.userId, security);
  return (
    <>
      {setupReason && (
        <div className="mb-6">
          <SecondFactorSetupNotice reason={setupReason} href="/security" />
        </div>
      )}
      <DevicesView
        userId={session.userId}
        initialDevices={devices}
        security={security}
        notice={<CheckupNotice count={checkup.items.length} />}
        actions={{ ...userDeviceActions, signOutOthers: signOutOtherDevicesAction }}
      />
    </>
  );
}
