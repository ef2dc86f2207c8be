import type { DeviceSummary } from "@/lib/devices";
import { formatDay, formatExact, formatRelative } from "@/lib/format";
import { DeviceIcon } from "@/components/ui/icons";

function TrustState({ device, now }: { device: DeviceSummary; now: Date }) {
  if (device.rememberedUntil && new Date(device.rememberedUntil) > now && !device.invalidatedAt) {
    return <span className="rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800">Remembered until {formatDay(device.rememberedUntil)}</span>;
  }
  if (device.trustedAt) return <span className="rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800">Trusted</span>;
  return <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">Not trusted</span>;
}

export function DeviceList({ devices, now = new Date() }: { devices: DeviceSummary[]; now?: Date }) {
  if (devices.length === 0) {
    return (
      <div className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
        No devices are signed in to your account.
      </div>
    );
  }
  return (
    <ul className="space-y-3" aria-label="Your devices">
      {devices.map((d) => (
        <li key={d.id} data-device-id={d.id} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
          <div className="flex items-start gap-3 sm:gap-4">
            <div className="flex size-10 shrink-0 items-center justify-center rounded-lg bg-slate-100 text-slate-700">
              <DeviceIcon type={d.type} className="size-6" />
              <span className="sr-only">{d.type}</span>
            </div>
            <div className="min-w-0 flex-1">
              <div className="flex flex-wrap items-center gap-2">
                <h2 className="truncate font-medium">{d.name}</h2>
                {d.isCurrent && <span className="rounded-full bg-indigo-600 px-2 py-0.5 text-xs font-medium text-white">This device</span>}
                <TrustState device={d} now={now} />
                {d.invalidatedAt && <span className="rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800">Invalidated</span>}
              </div>
              <p className="mt-0.5 text-sm text-slate-600">{[d.browser, d.os].filter(Boolean).join(" · ") || "Unknown browser"}</p>
              <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-2 lg:grid-cols-4">
                <div className="flex gap-1">
                  <dt className="text-slate-500">Last active</dt>
                  <dd>
                    {d.lastSeenAt ? (
                      <time dateTime={d.lastSeenAt} title={formatExact(d.lastSeenAt)}>
                        {d.isCurrent ? "now" : formatRelative(d.lastSeenAt, now)}
                      </time>
                    ) : (
                      "never"
                    )}
                  </dd>
                </div>
                <div className="flex gap-1">
                  <dt className="text-slate-500">First seen</dt>
                  <dd>
                    <time dateTime={d.createdAt} title={formatExact(d.createdAt)}>
                      {formatRelative(d.createdAt, now)}
                    </time>
                  </dd>
                </div>
                <div className="flex gap-1">
                  <dt className="text-slate-500">Last IP</dt>
                  <dd className="truncate font-mono text-xs leading-5">{d.lastIp ?? "unknown"}</dd>
                </div>
                <div className="flex gap-1">
                  <dt className="text-slate-500">Active sessions</dt>
                  <dd>{d.activeSessionCount}</dd>
                </div>
              </dl>
            </div>
          </div>
        </li>
      ))}
    </ul>
  );
}
