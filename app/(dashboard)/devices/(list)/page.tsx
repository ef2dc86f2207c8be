// Its own route group: the list's loading skeleton (loading.tsx) must not wrap /devices/{id}, whose
// 404 for a device that is not the user's has to be decided before anything streams.
import type { Metadata } from "next";
import { requireUser } from "@/server/auth/session";
import { listDevices } from "@/server/devices/list-devices";
import { DevicesView } from "@/components/devices/devices-view";
import { signOutOtherDevicesAction } from "../actions";
import { userDeviceActions } from "../user-device-actions";

export const metadata: Metadata = { title: "Your devices" };

export default async function DevicesPage() {
  const session = await requireUser();
  const devices = await listDevices({ userId: session.userId, currentDeviceId: session.deviceId, currentSessionId: session.sessionId });
  return (
    <DevicesView
      userId={session.userId}
      initialDevices={devices}
      actions={{ ...userDeviceActions, signOutOthers: signOutOtherDevicesAction }}
    />
  );
}
