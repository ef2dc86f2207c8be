"use client";

import { Suspense, useState } from "react";
import { canInvalidate, canMarkLost, canSignOut, type DeviceSummary, type SessionSummary } from "@/lib/devices";
import { formatExact } from "@/lib/format";
import { DeviceNameEditor } from "@/components/devices/device-dialogs";
import { DeviceCardView } from "@/components/devices/device-card-view";
import { MenuButton, type MenuItem } from "@/components/ui/menu-button";
import type { DeviceOperation } from "@/components/devices/types";

type Props = {
  device: DeviceSummary;
  onRequest: (op: DeviceOperation) => void;
  onRename: (name: string) => Promise<{ ok: boolean; error?: string }>;
  onSignOutSession: (s: SessionSummary) => void;
  /** "I lost this device" (not offered for the device in hand). */
  onLost?: () => void;
  /** "I lost this device" as a button beside Sign out rather than in the menu: the device's own page. */
  lostAsButton?: boolean;
  /** The name links to the device's own page (the list); on that page it does not. */
  linkToPage?: boolean;
  /** Details (IP, sessions) shown from the start: the device's own page. */
  expandedAtFirst?: boolean;
};

/** A device of the signed-in user: one plain-language action ("Sign out"), the rest in "More actions". */
export function DeviceCard({
  device: d,
  onRequest,
  onRename,
  onSignOutSession,
  onLost,
  lostAsButton = false,
  linkToPage = false,
  expandedAtFirst = false,
}: Props) {
  const [editing, setEditing] = useState(false);
  const lost = onLost && !d.isCurrent && canMarkLost(d) ? onLost : undefined;
  const menu: MenuItem[] = [
    { label: "Rename", description: "Give it a name you will recognise.", onSelect: () => setEditing(true) },
    // Invalidating an invalidated device with nothing left to end would change nothing: not offered.
    ...(canInvalidate(d)
      ? [
          {
            label: "Sign out and treat as new",
            description: "Ends its sessions; its next sign-in counts as a new device and asks for your second factor.",
            onSelect: () => onRequest("invalidate"),
          },
        ]
      : []),
    ...(lost && !lostAsButton
      ? [
          {
            label: "I lost this device",
            description: "Signs it out and removes the second factors set up on it, so whoever has it cannot use them.",
            danger: true,
            onSelect: lost,
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
    <DeviceCardView
      device={d}
      href={linkToPage ? `/devices/${d.id}` : undefined}
      expandedAtFirst={expandedAtFirst}
      nameEditor={
        editing ? (
          <Suspense fallback={<span className="font-medium wrap-anywhere">{d.name}</span>}>
            <DeviceNameEditor initial={d.name} onSave={onRename} onDone={() => setEditing(false)} />
          </Suspense>
        ) : undefined
      }
      actions={
        <>
          {canSignOut(d) && (
            <button
              type="button"
              onClick={() => onRequest("untrust")}
              className="inline-flex min-h-11 items-center rounded-md bg-inverse px-4 text-sm font-medium text-on-inverse hover:bg-inverse-hover"
            >
              Sign out<span className="sr-only"> {d.name}</span>
            </button>
          )}
          {lost && lostAsButton && (
            <button
              type="button"
              onClick={lost}
              aria-label={`I lost this device: ${d.name}`}
              className="inline-flex min-h-11 items-center rounded-md border border-danger-line bg-surface px-3 text-sm font-medium text-danger hover:bg-danger-soft"
            >
              I lost this device
            </button>
          )}
          <MenuButton label="More actions" srLabel={`for ${d.name}`} items={menu} />
        </>
      }
      sessionAction={(s) => (
        <button
          type="button"
          onClick={() => onSignOutSession(s)}
          className="inline-flex min-h-11 items-center rounded-md border border-line-strong px-3 text-sm font-medium text-fg hover:bg-canvas"
        >
          Sign out<span className="sr-only"> session started {formatExact(s.createdAt)}</span>
        </button>
      )}
    />
  );
}
