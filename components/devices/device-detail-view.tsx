"use client";

import type { ReactNode } from "react";
import { useRouter } from "next/navigation";
import type { DeviceSummary } from "@/lib/devices";
import { formatDay } from "@/lib/format";
import type { SecurityOverview } from "@/lib/security";
import { DeviceCard } from "@/components/devices/device-card";
import { DevicePageLayout } from "@/components/devices/device-page-layout";
import { BackLink } from "@/components/ui/back-link";
import { useDevicePage } from "@/components/devices/use-device-page";
import type { DeviceActions } from "@/components/devices/types";

type Props = {
  userId: string;
  deviceId: string;
  initialDevices: DeviceSummary[];
  actions: DeviceActions;
  /** Its history (DeviceHistory), rendered on the server: its wording stays out of the browser's scripts. */
  history: ReactNode;
  /** The user's second factors, for "I lost this device". */
  security?: SecurityOverview;
};

const back = { href: "/devices", label: "Your devices" };

/** One of the user's own devices: everything about it, its sessions, its history, and the same actions as its card. */
export function DeviceDetailView({ userId, deviceId, initialDevices, actions, history, security }: Props) {
  const router = useRouter();
  const { query, cardHandlers, dialog } = useDevicePage(userId, initialDevices, actions, security);
  const device = query.data.find((d) => d.id === deviceId);
  if (!device)
    return (
      <>
        <BackLink href={back.href}>{back.label}</BackLink>
        <h1 className="mt-2 text-2xl font-semibold">Device removed</h1>
        <p className="mt-2 text-sm text-fg-muted">
          This device is no longer on your account. If that browser signs in again, it shows up as a new device.
        </p>
      </>
    );
  return (
    <DevicePageLayout
      back={back}
      device={device}
      lead={
        device.isCurrent
          ? "The device you are using now."
          : device.markedLostAt
            ? `Marked as lost on ${formatDay(device.markedLostAt)}: it was signed out, and if it signs in again it counts as a new device.`
            : "One of the devices signed in to your account."
      }
      card={<DeviceCard device={device} expandedAtFirst lostAsButton {...cardHandlers(device)} />}
    >
      {history}
      {dialog((done) => {
        if (done.kind === "remove") router.push("/devices");
      })}
    </DevicePageLayout>
  );
}
