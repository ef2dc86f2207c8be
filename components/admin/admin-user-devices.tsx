import type { DeviceSummary } from "@/lib/devices";
import type { SecurityOverview } from "@/lib/security";
import { AdminDeviceCard } from "@/components/admin/admin-device-card";
import type { AdminDeviceActions, AdminTarget } from "@/components/admin/types";

/**
 * A user's devices on their admin page: the same cards as their own list, each leading to the
 * device's admin page, with Lost device on each (the second factors say what goes with it).
 */
export function AdminUserDevices({
  user,
  devices,
  actions,
  security,
  emailsUser,
}: {
  user: AdminTarget;
  devices: DeviceSummary[];
  actions: AdminDeviceActions;
  security: SecurityOverview;
  emailsUser: boolean;
}) {
  const target = { id: user.id, name: user.name, email: user.email }; // all the cards (client components) need
  return (
    <section className="mt-8" aria-labelledby="devices-h">
      <h2 id="devices-h" className="text-lg font-semibold">
        Devices
      </h2>
      {devices.length === 0 ? (
        <p className="mt-2 text-sm text-fg-muted">No devices.</p>
      ) : (
        <ul className="mt-3 space-y-3" aria-label={`Devices of ${user.name}`}>
          {devices.map((d) => (
            <AdminDeviceCard key={d.id} device={d} user={target} actions={actions} security={security} emailsUser={emailsUser} linkToPage />
          ))}
        </ul>
      )}
    </section>
  );
}
