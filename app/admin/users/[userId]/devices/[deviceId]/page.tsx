import type { Metadata } from "next";
import { formatDay } from "@/lib/format";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { z } from "zod";
import { requireAdmin } from "@devicekeeper/server/auth/session";
import { getRequestContext } from "@devicekeeper/server/request-context";
import { getAdminDevice } from "@devicekeeper/server/admin/get-admin-device";
import { listAdminDeviceHistory } from "@devicekeeper/server/admin/list-admin-device-history";
import { deviceIdSchema } from "@/lib/validation/devices";
import { DevicePageLayout } from "@/components/devices/device-page-layout";
import { AdminDeviceCard } from "@/components/admin/admin-device-card";
import { AdminDeviceHistory, AdminDeviceHistorySkeleton } from "@/components/admin/admin-device-history";
import { adminDeviceActions } from "../../admin-user-actions";

export const metadata: Metadata = { title: "Device" };

/**
 * /admin/users/{userId}/devices/{deviceId}: the user's own device page, for an administrator. A
 * device of another user, a removed one, a malformed id or a non-admin is a 404, decided before
 * anything streams (no loading.tsx above it); only the history streams in behind a skeleton.
 */
export default async function AdminDevicePage({ params }: { params: Promise<{ userId: string; deviceId: string }> }) {
  const session = await requireAdmin();
  const { userId, deviceId } = await params;
  if (!z.uuid().safeParse(userId).success || !deviceIdSchema.safeParse(deviceId).success) notFound();
  const actor = { userId: session.userId, role: session.role, context: await getRequestContext() };
  const found = await getAdminDevice({ actor, userId, deviceId });
  if (!found) notFound();
  const { user, device, security } = found;
  const history = listAdminDeviceHistory({ actor, userId, deviceId });
  void history.catch(() => undefined); // its error reaches the page through AdminDeviceHistory, not as an unhandled rejection
  const target = { id: user.id, name: user.name, email: user.email };

  return (
    <DevicePageLayout
      back={{ href: `/admin/users/${user.id}`, label: user.name }}
      device={device}
      lead={`One of the devices of ${user.name} (${user.email}).${device.markedLostAt ? ` Marked as lost on ${formatDay(device.markedLostAt)}.` : ""}`}
      card={
        <AdminDeviceCard
          device={device}
          user={target}
          actions={adminDeviceActions}
          expandedAtFirst
          afterDelete={`/admin/users/${user.id}`}
          security={security}
          emailsUser={session.userId !== user.id && !user.disabled}
        />
      }
    >
      <Suspense fallback={<AdminDeviceHistorySkeleton />}>
        <AdminDeviceHistory history={history} userId={user.id} userName={user.name} deviceId={device.id} />
      </Suspense>
    </DevicePageLayout>
  );
}
