"use client";

import { RelativeTime } from "@/components/ui/relative-time";
import Link from "next/link";
import { useId, useState } from "react";
import { AUTHENTICATOR_KIND_LABELS, type DeviceSummary, type SessionSummary } from "@/lib/devices";
import { formatDay } from "@/lib/format";
import { DeviceIcon } from "@/components/ui/icons";
import { DeviceNameEditor } from "@/components/devices/device-name-editor";
import { SessionList } from "@/components/devices/session-list";
import { MenuButton, type MenuItem } from "@/components/ui/menu-button";
import type { DeviceOperation } from "@/components/devices/types";

const badge = "rounded-full px-2 py-0.5 text-xs font-medium";

function TrustBadge({ d }: { d: DeviceSummary }) {
  if (d.rememberedUntil && new Date(d.rememberedUntil) > new Date() && !d.isInvalidated)
    return <span className={`${badge} bg-success-soft text-success-strong`}>Remembered until {formatDay(d.rememberedUntil)}</span>;
  if (d.trustedAt) return <span className={`${badge} bg-success-soft text-success-strong`}>Trusted</span>;
  return <span className={`${badge} bg-muted text-fg-soft`}>Not trusted</span>;
}

type Props = {
  device: DeviceSummary;
  onRequest: (op: DeviceOperation) => void;
  onRename: (name: string) => Promise<{ ok: boolean; error?: string }>;
  onSignOutSession: (s: SessionSummary) => void;
  /** The name links to the device's own page (the list); on that page it does not. */
  linkToPage?: boolean;
  /** Details (IP, sessions) shown from the start: the device's own page. */
  expandedAtFirst?: boolean;
};

/** Whether "Sign out" (untrust) would change anything: live sessions, or trust to forget. */
export const canSignOut = (d: DeviceSummary) =>
  d.activeSessionCount > 0 || !!d.trustedAt || (!!d.rememberedUntil && new Date(d.rememberedUntil) > new Date());

export function DeviceCard({ device: d, onRequest, onRename, onSignOutSession, linkToPage = false, expandedAtFirst = false }: Props) {
  const [editing, setEditing] = useState(false);
  const [expanded, setExpanded] = useState(expandedAtFirst);
  const detailsId = useId();
  const secondary =
    "inline-flex min-h-11 items-center rounded-md border border-line-strong bg-surface px-3 text-sm font-medium text-fg hover:bg-canvas";
  const where = [d.software ?? "Unknown browser", d.lastLocation && `near ${d.lastLocation}`].filter(Boolean).join(" · ");
  const menu: MenuItem[] = [
    { label: "Rename", description: "Give it a name you will recognise.", onSelect: () => setEditing(true) },
    // Invalidating an invalidated device with nothing left to end would change nothing: not offered.
    ...(canSignOut(d) || !d.isInvalidated
      ? [
          {
            label: "Sign out and treat as new",
            description: "Ends its sessions; its next sign-in counts as a new device and asks for your second factor.",
            onSelect: () => onRequest("invalidate"),
          },
        ]
      : []),
    {
      label: "Remove from your devices",
      description: "Ends its sessions and removes it from this list; if it signs in again, it shows up as new.",
      danger: true,
      onSelect: () => onRequest("remove"),
    },
  ];
  return (
    <li id={`device-${d.id}`} data-device-id={d.id} className="scroll-mt-4 rounded-xl border border-line bg-surface p-4 shadow-sm sm:p-5">
      <div className="flex items-start gap-3 sm:gap-4">
        <div className="flex size-10 shrink-0 items-center justify-center rounded-lg bg-muted text-fg-soft">
          <DeviceIcon type={d.type} className="size-6" />
          <span className="sr-only">{d.type}</span>
        </div>
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            {editing ? (
              <DeviceNameEditor initial={d.name} onSave={onRename} onDone={() => setEditing(false)} />
            ) : (
              <h2 className="break-all font-medium">
                {linkToPage ? (
                  <Link href={`/devices/${d.id}`} className="underline-offset-2 hover:underline">
                    {d.name}
                  </Link>
                ) : (
                  d.name
                )}
              </h2>
            )}
            {d.isCurrent && <span className={`${badge} bg-indigo-600 text-white`}>This device</span>}
            {d.isNew && !d.isInvalidated && <span className={`${badge} bg-info-soft text-info`}>New device</span>}
            <TrustBadge d={d} />
            {d.isInvalidated && <span className={`${badge} bg-warning-soft text-warning`}>Invalidated</span>}
          </div>
          <p className="mt-0.5 text-sm text-fg-muted">{where}</p>
          <p className="text-sm text-fg-muted" suppressHydrationWarning>
            {d.isCurrent ? (
              "Active now"
            ) : d.lastSeenAt ? (
              <>
                Last active <RelativeTime iso={d.lastSeenAt} />
              </>
            ) : (
              "Never active"
            )}{" "}
            ·{" "}
            {d.activeSessionCount === 0
              ? "signed out"
              : `${d.activeSessionCount} active ${d.activeSessionCount === 1 ? "session" : "sessions"}`}
          </p>
          {d.authenticators.length > 0 && (
            <p className="mt-1 text-sm text-fg-muted">
              <span className="text-fg-subtle">Second factors here: </span>
              {d.authenticators.map((a) => `${a.name} (${AUTHENTICATOR_KIND_LABELS[a.kind]})`).join(", ")}
            </p>
          )}
          <div className="mt-4 flex flex-wrap items-center gap-2">
            {canSignOut(d) && (
              <button
                type="button"
                onClick={() => onRequest("untrust")}
                className="inline-flex min-h-11 items-center rounded-md bg-inverse px-4 text-sm font-medium text-on-inverse hover:bg-inverse-hover"
              >
                Sign out<span className="sr-only"> {d.name}</span>
              </button>
            )}
            <MenuButton label="More actions" srLabel={`for ${d.name}`} items={menu} />
            <button
              type="button"
              aria-expanded={expanded}
              aria-controls={detailsId}
              onClick={() => setExpanded((e) => !e)}
              className={secondary}
            >
              {expanded ? "Hide details" : "Details"}
              <span className="sr-only"> of {d.name}</span>
            </button>
          </div>
          <div id={detailsId} hidden={!expanded} className="mt-4 space-y-3">
            {expanded && (
              <>
                <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
                  <div className="flex gap-1">
                    <dt className="text-fg-subtle">First seen</dt>
                    <dd suppressHydrationWarning>
                      <RelativeTime iso={d.createdAt} />
                    </dd>
                  </div>
                  <div className="flex gap-1">
                    <dt className="text-fg-subtle">Last IP</dt>
                    <dd className="truncate font-mono text-xs leading-5">{d.lastIp ?? "unknown"}</dd>
                  </div>
                </dl>
                <SessionList sessions={d.sessions} onSignOut={onSignOutSession} />
              </>
            )}
          </div>
        </div>
      </div>
    </li>
  );
}
