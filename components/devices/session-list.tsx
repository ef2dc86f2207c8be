"use client";

import type { ReactNode } from "react";
import { RelativeTime } from "@/components/ui/relative-time";
import type { SessionSummary } from "@/lib/devices";

function When({ iso }: { iso: string }) {
  return <RelativeTime iso={iso} />;
}

/** One device's sessions: state, start, last request, expiry, IP and place, and its own action while it is active. */
export function SessionList({ sessions, action }: { sessions: SessionSummary[]; action?: (s: SessionSummary) => ReactNode }) {
  if (sessions.length === 0) return <p className="text-sm text-fg-muted">No sessions on this device.</p>;
  return (
    <ul className="divide-y divide-line-soft rounded-lg border border-line" aria-label="Sessions">
      {sessions.map((s) => (
        <li key={s.id} data-session-id={s.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-3 py-2 text-sm">
          <span className="min-w-28">
            {s.state === "active" ? (
              <span className="font-medium text-success">{s.isCurrent ? "Active · this session" : "Active"}</span>
            ) : (
              <span className="text-fg-subtle">{s.endedReason ?? "Ended"}</span>
            )}
          </span>
          <span className="text-fg-muted">
            Started <When iso={s.createdAt} />
          </span>
          <span className="text-fg-muted">
            Last seen <When iso={s.lastSeenAt} />
          </span>
          {s.state === "active" && (
            <span className="text-fg-muted">
              Expires <When iso={s.expiresAt} />
            </span>
          )}
          <span className="text-fg-muted">
            <span className="break-all font-mono text-xs">{s.ip ?? "unknown IP"}</span>
            {s.location && <span> · near {s.location}</span>}
          </span>
          {s.apps.length > 0 && <span className="text-fg-muted">Signed in to {s.apps.join(", ")}</span>}
          {s.state === "active" && action && <span className="ml-auto">{action(s)}</span>}
        </li>
      ))}
    </ul>
  );
}
