"use client";

import { useId, useState } from "react";
import { AUTHENTICATOR_KIND_LABELS, type DeviceSummary, type SessionSummary } from "@/lib/devices";
import { formatDay, formatExact, formatRelative } from "@/lib/format";
import { DeviceIcon } from "@/components/ui/icons";
import { DeviceNameEditor } from "@/components/devices/device-name-editor";
import { SessionList } from "@/components/devices/session-list";
import type { DeviceOperation } from "@/components/devices/types";

const badge = "rounded-full px-2 py-0.5 text-xs font-medium";

function TrustBadge({ d }: { d: DeviceSummary }) {
  if (d.rememberedUntil && new Date(d.rememberedUntil) > new Date() && !d.isInvalidated)
    return <span className={`${badge} bg-emerald-50 text-emerald-800`}>Remembered until {formatDay(d.rememberedUntil)}</span>;
  if (d.trustedAt) return <span className={`${badge} bg-emerald-50 text-emerald-800`}>Trusted</span>;
  return <span className={`${badge} bg-slate-100 text-slate-700`}>Not trusted</span>;
}

type Props = {
  device: DeviceSummary;
  onRequest: (op: DeviceOperation) => void;
  onRename: (name: string) => Promise<{ ok: boolean; error?: string }>;
  onSignOutSession: (s: SessionSummary) => void;
};

export function DeviceCard({ device: d, onRequest, onRename, onSignOutSession }: Props) {
  const [editing, setEditing] = useState(false);
  const [expanded, setExpanded] = useState(false);
  const sessionsId = useId();
  const action = "rounded-md border px-3 py-1.5 text-sm font-medium";
  return (
    <li data-device-id={d.id} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
      <div className="flex items-start gap-3 sm:gap-4">
        <div className="flex size-10 shrink-0 items-center justify-center rounded-lg bg-slate-100 text-slate-700">
          <DeviceIcon type={d.type} className="size-6" />
          <span className="sr-only">{d.type}</span>
        </div>
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            {editing ? (
              <DeviceNameEditor initial={d.name} onSave={onRename} onDone={() => setEditing(false)} />
            ) : (
              <h2 className="break-all font-medium">{d.name}</h2>
            )}
            {d.isCurrent && <span className={`${badge} bg-indigo-600 text-white`}>This device</span>}
            {d.isNew && !d.isInvalidated && <span className={`${badge} bg-sky-50 text-sky-800`}>New device</span>}
            <TrustBadge d={d} />
            {d.isInvalidated && <span className={`${badge} bg-amber-50 text-amber-800`}>Invalidated</span>}
          </div>
          <p className="mt-0.5 text-sm text-slate-600">{[d.browser, d.os].filter(Boolean).join(" · ") || "Unknown browser"}</p>
          <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-2 lg:grid-cols-4">
            <div className="flex gap-1">
              <dt className="text-slate-500">Last active</dt>
              <dd suppressHydrationWarning>
                {d.lastSeenAt ? (
                  <time dateTime={d.lastSeenAt} title={formatExact(d.lastSeenAt)}>
                    {d.isCurrent ? "now" : formatRelative(d.lastSeenAt)}
                  </time>
                ) : (
                  "never"
                )}
              </dd>
            </div>
            <div className="flex gap-1">
              <dt className="text-slate-500">First seen</dt>
              <dd suppressHydrationWarning>
                <time dateTime={d.createdAt} title={formatExact(d.createdAt)}>
                  {formatRelative(d.createdAt)}
                </time>
              </dd>
            </div>
            <div className="flex gap-1">
              <dt className="text-slate-500">Place</dt>
              <dd>{d.lastLocation ? `near ${d.lastLocation}` : "unknown"}</dd>
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
          {d.authenticators.length > 0 && (
            <p className="mt-2 text-sm text-slate-600">
              <span className="text-slate-500">Second factors here: </span>
              {d.authenticators.map((a) => `${a.name} (${AUTHENTICATOR_KIND_LABELS[a.kind]})`).join(", ")}
            </p>
          )}
          <div className="mt-4 flex flex-wrap gap-2">
            <button
              type="button"
              aria-expanded={expanded}
              aria-controls={sessionsId}
              onClick={() => setExpanded((e) => !e)}
              className={`${action} border-slate-300 text-slate-800 hover:bg-slate-50`}
            >
              {expanded ? "Hide sessions" : `Sessions (${d.sessions.length})`}
            </button>
            {!editing && (
              <button
                type="button"
                onClick={() => setEditing(true)}
                className={`${action} border-slate-300 text-slate-800 hover:bg-slate-50`}
              >
                Rename<span className="sr-only"> {d.name}</span>
              </button>
            )}
            <button
              type="button"
              onClick={() => onRequest("untrust")}
              className={`${action} border-slate-300 text-slate-800 hover:bg-slate-50`}
            >
              Untrust<span className="sr-only"> {d.name}</span>
            </button>
            <button
              type="button"
              onClick={() => onRequest("invalidate")}
              className={`${action} border-slate-300 text-slate-800 hover:bg-slate-50`}
            >
              Invalidate<span className="sr-only"> {d.name}</span>
            </button>
            <button type="button" onClick={() => onRequest("remove")} className={`${action} border-red-200 text-red-700 hover:bg-red-50`}>
              Delete<span className="sr-only"> {d.name}</span>
            </button>
          </div>
          <div id={sessionsId} hidden={!expanded} className="mt-4">
            {expanded && <SessionList sessions={d.sessions} onSignOut={onSignOutSession} />}
          </div>
        </div>
      </div>
    </li>
  );
}
