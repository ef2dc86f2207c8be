import { DeviceHistory } from "@/components/devices/device-history";
import { auditLogHref } from "@/lib/audit-log";
import { PageSkeleton } from "@/components/ui/page-skeleton";
import type { AdminDeviceHistory as History } from "@/lib/admin";

/** A device's history on its admin page, written for the administrator ("Bob signed in on …"); it streams in. */
export async function AdminDeviceHistory({
  history,
  userId,
  userName,
  deviceId,
}: {
  history: Promise<History>;
  userId: string;
  userName: string;
  deviceId: string;
}) {
  const { items, total } = await history;
  return (
    <DeviceHistory
      items={items}
      total={total}
      self={userName}
      more={
        <p className="mt-3 text-sm text-fg-muted">
          Showing the latest {items.length} of {total} entries on this device.{" "}
          <a
            href={auditLogHref("/admin/activity", { subject: userId, device: deviceId })}
            className="font-medium text-accent hover:underline"
          >
            See all {total} in the audit log
          </a>
        </p>
      }
    />
  );
}

export function AdminDeviceHistorySkeleton() {
  return (
    <div className="mt-8">
      <PageSkeleton label="Loading the device's history…" title={false} blocks={["h-6", "h-40"]} />
    </div>
  );
}
