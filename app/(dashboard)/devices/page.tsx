import type { Metadata } from "next";
import { requireUser } from "@/server/auth/session";
import { listDevices } from "@/server/devices/list-devices";
import { DeviceList } from "@/components/devices/device-list";

export const metadata: Metadata = { title: "Your devices" };

export default async function DevicesPage() {
  const session = await requireUser();
  const devices = await listDevices({ userId: session.userId, currentDeviceId: session.deviceId });
  return (
    <>
      <div className="mb-6">
        <h1 className="text-2xl font-semibold">Your devices</h1>
        <p className="mt-1 text-sm text-slate-600">
          Every browser and app signed in to your account. If you don&apos;t recognise one, sign it out.
        </p>
      </div>
      <DeviceList devices={devices} />
    </>
  );
}
