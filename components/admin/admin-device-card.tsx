"use client";

import { canInvalidate, canMarkLost, canSignOut, isTrustedOrRemembered, type DeviceSummary } from "@/lib/devices";
import { formatExact } from "@/lib/format";
import type { SecurityOverview } from "@/lib/security";
import { DeviceCardView } from "@/components/devices/device-card-view";
import { LostDeviceDetails } from "@/components/devices/lost-device-details";
import { ConfirmActionButton } from "@/components/ui/confirm-action-button";
import type { AdminDeviceActions, AdminTarget } from "@/components/admin/types";
import { plural } from "@/lib/format";

type Props = {
  device: DeviceSummary;
  user: AdminTarget;
  actions: AdminDeviceActions;
  /** The name links to the device's admin page (the user's page); on that page it does not. */
  linkToPage?: boolean;
  /** Details (first seen, sessions) shown from the start: the device's own page. */
  expandedAtFirst?: boolean;
  /** Where removing it leads (from its own page, back to the user's). */
  afterDelete?: string;
  /** The user's second factors: given, "Lost device" is offered. */
  security?: SecurityOverview;
  /** Whether the user is emailed about this administrator's actions (not the viewer's own account, not a disabled one). */
  emailsUser?: boolean;
};

/**
 * A user's device as an administrator sees it: the same card as the user's own (badges, software,
 * place, IP), with the administrator's actions — each only when it would change something,
 * each confirmed naming the user, with the password asked again when the last check is old.
 */
export function AdminDeviceCard({
  device: d,
  user,
  actions,
  linkToPage = false,
  expandedAtFirst = false,
  afterDelete,
  security,
  emailsUser = false,
}: Props) {
  const input = { userId: user.id, id: d.id };
  const live = d.activeSessionCount;
  const sessions = `${plural(live, "active session")} ${live === 1 ? "ends" : "end"} at once`;
  return (
    <DeviceCardView
      device={d}
      href={linkToPage ? `/admin/users/${user.id}/devices/${d.id}` : undefined}
      headingLevel={linkToPage ? 3 : 2}
      ipOnCard
      expandedAtFirst={expandedAtFirst}
      actions={
        <>
          {canSignOut(d) && (
            <ConfirmActionButton
              label="Sign out"
              ariaLabel={`Sign out ${d.name}`}
              title={`Sign out “${d.name}” of ${user.name}?`}
              body={
                <p>
                  {isTrustedOrRemembered(d)
                    ? `${live ? `Its ${sessions}, and it` : "It"} is no longer trusted or remembered`
                    : live
                      ? `Its ${sessions}`
                      : "It has no active session"}
                  : to come back, {user.name} must sign in there again, with a second factor if they use one.
                </p>
              }
              confirmLabel="Sign out device"
              pendingLabel="Signing out…"
              action={actions.untrust}
              input={input}
            />
          )}
          {canInvalidate(d) && (
            <ConfirmActionButton
              label="Sign out and treat as new"
              ariaLabel={`Sign out ${d.name} and treat it as new`}
              title={`Sign out “${d.name}” of ${user.name} and treat it as new?`}
              body={
                <p>
                  {live ? `Its ${sessions}, and its` : "Its"} next sign-in counts as a new device, asking for a second factor if {user.name}{" "}
                  uses one.
                </p>
              }
              confirmLabel="Sign out and treat as new"
              pendingLabel="Signing out…"
              action={actions.invalidate}
              input={input}
            />
          )}
          {security && canMarkLost(d) && (
            <ConfirmActionButton
              variant="danger"
              label="Lost device"
              ariaLabel={`Lost device: ${d.name}`}
              title={`Mark “${d.name}” of ${user.name} as lost?`}
              body={<LostDeviceDetails device={d} security={security} who={user.name} emailed={emailsUser} />}
              // Its own button and the sign-out buttons are gone from the refreshed card: focus moves on to Remove.
              focusAfterSuccess={() => document.getElementById(`remove-${d.id}`)}
              confirmLabel="Mark as lost"
              pendingLabel="Marking as lost…"
              action={actions.lost}
              input={input}
            />
          )}
          <ConfirmActionButton
            variant="danger"
            label="Remove"
            id={`remove-${d.id}`}
            ariaLabel={`Remove ${d.name}`}
            title={`Remove ${d.name} from ${user.name}'s devices?`}
            body={
              <p>
                It is removed from {user.name}&apos;s devices{live ? ` and its ${sessions}` : ""}. If that browser signs in again, it shows
                up as a new device.
              </p>
            }
            confirmLabel="Remove device"
            pendingLabel="Removing…"
            action={actions.remove}
            input={input}
            successHref={afterDelete}
          />
        </>
      }
      sessionAction={(s) => (
        <ConfirmActionButton
          label="Sign out"
          ariaLabel={`Sign out session started ${formatExact(s.createdAt)}`}
          title={`Sign out this session of ${user.name}?`}
          body={
            <p>
              The session on {d.name}
              {s.ip ? ` from ${s.ip}` : ""} ends at once; that browser must sign in again.
            </p>
          }
          confirmLabel="Sign out"
          pendingLabel="Signing out…"
          action={actions.revokeSession}
          input={{ userId: user.id, id: s.id }}
        />
      )}
    />
  );
}
