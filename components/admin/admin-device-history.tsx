import { DeviceHistory } from "@/components/devices/device-history";
import { PageSkeleton } from "@/components/ui/page-skeleton";
import type { AdminDeviceHistory as History } from "@/lib/admin";

/** A device's history on its admin page, written for the administrator ("Bob signed in on …"); it streams in. */
export async function AdminDeviceHistory({ history, userName }: { history: Promise<History>; userName: string }) {
  const { items, total } = await history;
  return (
    <DeviceHistory
      items={items}
      total={total}
      self={userName}
      more={
        <p className="mt-3 text-sm text-fg-muted">
          Showing the latest {items.length} of {total} entries on this device.
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
