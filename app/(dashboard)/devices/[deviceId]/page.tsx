import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@devicekeeper/server/auth/session";
import { listDevices } from "@devicekeeper/server/devices/list-devices";
import { listActivity } from "@devicekeeper/server/audit/list-activity";
import { getSecurityOverview } from "@devicekeeper/server/mfa/get-security-overview";
import { deviceIdSchema } from "@/lib/validation/devices";
import { DeviceDetailView } from "@/components/devices/device-detail-view";
import { DeviceHistory } from "@/components/devices/device-history";
import { userDeviceActions } from "../user-device-actions";

export const metadata: Metadata = { title: "Device" };

/** /devices/{deviceId}: one of the user's own devices; anyone else's (or a removed one) is a 404. */
export default async function DevicePage({ params }: { params: Promise<{ deviceId: string }> }) {
  const session = await requireUser();
  const { deviceId } = await params;
  if (!deviceIdSchema.safeParse(deviceId).success) notFound();
  const [devices, history, security] = await Promise.all([
    listDevices({ userId: session.userId, currentDeviceId: session.deviceId, currentSessionId: session.sessionId }),
    listActivity({ userId: session.userId, page: 1, filter: { device: deviceId } }),
    getSecurityOverview(session.userId),
  ]);
  if (!devices.some((d) => d.id === deviceId)) notFound();
  return (
    <DeviceDetailView
      userId={session.userId}
      deviceId={deviceId}
      initialDevices={devices}
      history={
        <DeviceHistory
          items={history.items}
          total={history.total}
          more={
            <p className="mt-3 text-sm">
              <Link href={`/activity?device=${deviceId}`} className="font-medium text-accent hover:underline">
                All {history.total} entries for this device
              </Link>
            </p>
          }
        />
      }
      actions={userDeviceActions}
      security={security}
    />
  );
}
