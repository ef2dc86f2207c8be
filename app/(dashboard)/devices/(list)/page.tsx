// Its own route group: the list's loading skeleton (loading.tsx) must not wrap /devices/{id}, whose
// 404 for a device that is not the user's has to be decided before anything streams.
import type { Metadata } from "next";
import { requireUser } from "@devicekeeper/server/auth/session";
import { listDevices } from "@devicekeeper/server/devices/list-devices";
import { getSecurityOverview } from "@devicekeeper/server/mfa/get-security-overview";
import { DevicesView } from "@/components/devices/devices-view";
import { SecondFactorSetupNotice } from "@/components/security/second-factor-setup-notice";
import { secondFactorSetupReason } from "@devicekeeper/server/mfa/second-factor-setup-reason";
import { signOutOtherDevicesAction } from "../actions";
import { userDeviceActions } from "../user-device-actions";

export const metadata: Metadata = { title: "Your devices" };

export default async function DevicesPage() {
  const session = await requireUser();
  const [devices, security] = await Promise.all([
    listDevices({ userId: session.userId, currentDeviceId: session.deviceId, currentSessionId: session.sessionId }),
    getSecurityOverview(session.userId),
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
        actions={{ ...userDeviceActions, signOutOthers: signOutOtherDevicesAction }}
      />
    </>
  );
}
