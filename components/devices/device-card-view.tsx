"use client";

import Link from "next/link";
import { useId, useState, type ReactNode } from "react";
import { authenticatorLabel, isRemembered, type DeviceSummary, type SessionSummary } from "@/lib/devices";
import { formatDay } from "@/lib/format";
import { DeviceIcon } from "@/components/ui/icons";
import { RelativeTime } from "@/components/ui/relative-time";
import { SessionList } from "@/components/devices/session-list";

const badge = "rounded-full px-2 py-0.5 text-xs font-medium";

/**
 * Trust as something the reader can act on: "Not trusted" is said of other devices (and signed-out
 * ones, where signing out untrusted them), never as an alarm on the browser in hand.
 */
function TrustBadge({ d }: { d: DeviceSummary }) {
  if (isRemembered(d))
    return <span className={`${badge} bg-success-soft text-success-strong`}>Remembered until {formatDay(d.rememberedUntil!)}</span>;
  if (d.trustedAt) return <span className={`${badge} bg-success-soft text-success-strong`}>Trusted</span>;
  if (d.isCurrent) return null;
  return <span className={`${badge} bg-muted text-fg-soft`}>Not trusted</span>;
}

const secondaryButton =
  "inline-flex min-h-11 items-center rounded-md border border-line-strong bg-surface px-3 text-sm font-medium text-fg hover:bg-canvas";

type Props = {
  device: DeviceSummary;
  /** The name links to the device's own page (a list of cards); on that page it does not. */
  href?: string;
  /** Shown instead of the name while it is being edited. */
  nameEditor?: ReactNode;
  /** The card's buttons, before "Details": the user's or an administrator's. */
  actions: ReactNode;
  /** An active session's own button (sign it out). */
  sessionAction?: (s: SessionSummary) => ReactNode;
  /** Details (first seen, IP, sessions) shown from the start: the device's own page. */
  expandedAtFirst?: boolean;
  /** The last IP on the card itself, not only under Details: an administrator triages by it. */
  ipOnCard?: boolean;
  /** The name's heading level: h3 under a section's own h2 (the admin user page). */
  headingLevel?: 2 | 3;
};

/**
 * One device as the user's list, the user's device page and the admin views all draw it: its
 * kind, name and badges (this device, new, trusted or remembered, invalidated), browser and OS
 * with versions and the place, last activity and live sessions, the second factors enrolled on
 * it, the actions it is given, and on demand its first sighting, IP and sessions.
 */
export function DeviceCardView({
  device: d,
  href,
  nameEditor,
  actions,
  sessionAction,
  expandedAtFirst = false,
  ipOnCard = false,
  headingLevel = 2,
}: Props) {
  const [expanded, setExpanded] = useState(expandedAtFirst);
  const Heading = headingLevel === 3 ? "h3" : "h2";
  const detailsId = useId();
  const where = [d.software ?? "Unknown browser", d.lastLocation && `near ${d.lastLocation}`, ipOnCard && d.lastIp && `IP ${d.lastIp}`]
    .filter(Boolean)
    .join(" · ");
  return (
    <li id={`device-${d.id}`} data-device-id={d.id} className="scroll-mt-4 rounded-xl border border-line bg-surface p-3 shadow-sm sm:p-5">
      <div className="flex items-start gap-3 sm:gap-4">
        <div className="flex size-10 shrink-0 items-center justify-center rounded-lg bg-muted text-fg-soft">
          <DeviceIcon type={d.type} className="size-6" />
          <span className="sr-only">{d.type}</span>
        </div>
        <div className="min-w-0 flex-1">
          {/* The title line keeps "Details" at its end at any width: on a phone it no longer drops to a line of its own. */}
          <div className="flex items-start gap-2">
            <div className="flex min-w-0 flex-1 flex-wrap items-center gap-2">
              {nameEditor ?? (
                <Heading className="font-medium wrap-anywhere">
                  {href ? (
                    // Not prefetched: a list of devices would cost a server render per card on every view.
                    <Link href={href} prefetch={false} className="underline-offset-2 hover:underline">
                      {d.name}
                    </Link>
                  ) : (
                    d.name
                  )}
                </Heading>
              )}
              {d.isCurrent && <span className={`${badge} bg-indigo-600 text-white`}>This device</span>}
              {/* "New" asks "was this you?" of a device still signed in; not of the one in hand. */}
              {d.isNew && !d.isInvalidated && !d.isCurrent && d.activeSessionCount > 0 && (
                <span className={`${badge} bg-info-soft text-info`}>New device</span>
              )}
              <TrustBadge d={d} />
              {/* Marked as lost says more than "treated as new" (which it also is): the words of the dialog, the history and the email. */}
              {d.markedLostAt ? (
                <span className={`${badge} bg-danger-soft text-danger`}>Marked as lost</span>
              ) : (
                d.isInvalidated && <span className={`${badge} bg-warning-soft text-warning`}>Treated as new</span>
              )}
            </div>
            <button
              type="button"
              aria-expanded={expanded}
              aria-controls={detailsId}
              onClick={() => setExpanded((e) => !e)}
              className={`${secondaryButton} -my-2.5 shrink-0 gap-1`}
            >
              {expanded ? "Hide details" : "Details"}
              <span className="sr-only"> of {d.name}</span>
              <svg aria-hidden="true" viewBox="0 0 20 20" className={`size-4 ${expanded ? "rotate-180" : ""}`} fill="currentColor">
                <path d="M5.3 7.3a1 1 0 0 1 1.4 0L10 10.6l3.3-3.3a1 1 0 1 1 1.4 1.4l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 0 1 0-1.4Z" />
              </svg>
            </button>
          </div>
          <p className="mt-0.5 break-words text-sm text-fg-muted">{where}</p>
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
          {d.apps.length > 0 && (
            <p className="mt-1 text-sm text-fg-muted">
              <span className="text-fg-subtle">Signed in to: </span>
              {d.apps.join(", ")}
            </p>
          )}
          {d.authenticators.length > 0 && (
            <p className="mt-1 text-sm text-fg-muted">
              <span className="text-fg-subtle">Second factors here: </span>
              {d.authenticators.map(authenticatorLabel).join(", ")}
            </p>
          )}
        </div>
      </div>
      {/* The buttons and the details take the card's whole width on a phone (the sessions were squeezed
          beside the icon); from 640 px they line up under the name. */}
      <div className="mt-4 flex flex-wrap items-center gap-2 empty:hidden sm:pl-14">{actions}</div>
      <div id={detailsId} hidden={!expanded} className="mt-4 space-y-3 sm:pl-14">
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
            <SessionList sessions={d.sessions} action={sessionAction} />
          </>
        )}
      </div>
    </li>
  );
}
