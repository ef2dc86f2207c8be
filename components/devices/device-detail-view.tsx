"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import type { DeviceSummary } from "@/lib/devices";
import { describeActivity, isFailure, type ActivityItem } from "@/lib/activity";
import { DeviceCard } from "@/components/devices/device-card";
import { useDevicePage } from "@/components/devices/use-device-page";
import { RelativeTime } from "@/components/ui/relative-time";
import type { DeviceActions } from "@/components/devices/types";

type Props = {
  userId: string;
  deviceId: string;
  initialDevices: DeviceSummary[];
  actions: DeviceActions;
  /** Its latest history entries (sign-ins and changes), from the audit log. */
  history: ActivityItem[];
  historyTotal: number;
};

/** One device's own page: everything about it, its sessions, its history, and the same actions as its card. */
export function DeviceDetailView({ userId, deviceId, initialDevices, actions, history, historyTotal }: Props) {
  const router = useRouter();
  const { query, cardHandlers, dialog } = useDevicePage(userId, initialDevices, actions);
  const device = query.data.find((d) => d.id === deviceId);
  const back = (
    <Link href="/devices" className="inline-flex min-h-11 items-center text-sm font-medium text-accent hover:underline">
      ← Your devices
    </Link>
  );
  if (!device)
    return (
      <>
        {back}
        <h1 className="mt-2 text-2xl font-semibold">Device removed</h1>
        <p className="mt-2 text-sm text-fg-muted">
          This device is no longer on your account. If that browser signs in again, it shows up as a new device.
        </p>
      </>
    );
  return (
    <>
      {back}
      <h1 className="mt-2 break-all text-2xl font-semibold">{device.name}</h1>
      <p className="mt-1 text-sm text-fg-muted">
        {device.isCurrent ? "The device you are using now." : "One of the devices signed in to your account."} First seen{" "}
        <RelativeTime iso={device.createdAt} />
        {device.rememberedUntil && new Date(device.rememberedUntil) > new Date() ? " · remembered: the second factor is skipped here" : ""}.
      </p>
      <ul className="mt-6" aria-label="This device">
        <DeviceCard device={device} expandedAtFirst {...cardHandlers(device)} />
      </ul>
      <section className="mt-8" aria-labelledby="device-history-h">
        <h2 id="device-history-h" className="text-lg font-semibold">
          History on this device
        </h2>
        {history.length === 0 ? (
          <p className="mt-2 text-sm text-fg-muted">Nothing recorded on this device yet.</p>
        ) : (
          <ol className="mt-3 divide-y divide-line-soft rounded-xl border border-line bg-surface" aria-label="History on this device">
            {history.map((item) => (
              <li
                key={item.id}
                data-event-type={item.type}
                className={`flex flex-col gap-1 px-4 py-3 sm:flex-row sm:items-baseline sm:justify-between ${isFailure(item.type) ? "border-l-4 border-l-red-600 bg-danger-soft/60" : ""}`}
              >
                <span className="text-sm text-fg">{describeActivity(item)}</span>
                <RelativeTime iso={item.createdAt} className="shrink-0 whitespace-nowrap text-xs text-fg-muted" align="right" />
              </li>
            ))}
          </ol>
        )}
        {historyTotal > history.length && (
          <p className="mt-3 text-sm">
            <Link href={`/activity?device=${deviceId}`} className="font-medium text-accent hover:underline">
              All {historyTotal} entries for this device
            </Link>
          </p>
        )}
      </section>
      {dialog((done) => {
        if (done.kind === "remove") router.push("/devices");
      })}
    </>
  );
}
