import Link from "next/link";
import { ConfirmActionButton, type ConfirmAction } from "@/components/ui/confirm-action-button";
import { RelativeTime } from "@/components/ui/relative-time";
import type { CheckupItem, SecurityCheckup } from "@/lib/security-checkup";
import { listAnd } from "@/lib/format";

/** The user's own checkup: "Sign out" for devices not used for 90 days, "This was me" for a sign-in to review. */
export type CheckupActions = { signOutStale: ConfirmAction; confirmDevice: ConfirmAction };

const fixLink = "inline-flex min-h-11 items-center rounded-md bg-inverse px-3 text-sm font-medium text-on-inverse hover:bg-inverse-hover";

/**
 * The checkup's items, most urgent first, each with its one-click fix — or, read-only (an
 * administrator on the user's page: `actions` absent), the same items without them.
 */
export function SecurityCheckupView({ checkup, actions, whose }: { checkup: SecurityCheckup; actions?: CheckupActions; whose?: string }) {
  if (!checkup.items.length) {
    return (
      <p
        className="rounded-xl border border-success-line bg-success-soft px-4 py-4 text-sm text-success-strong"
        data-testid="checkup-all-good"
      >
        <span className="font-semibold">All good.</span>{" "}
        {whose
          ? `${whose} has a second factor and recovery codes, and nothing on the account waits for an answer.`
          : "You have a second factor and recovery codes, and nothing on your account waits for your answer."}
      </p>
    );
  }
  return (
    <ul className="space-y-3" aria-label={whose ? `${whose}'s security checkup` : "Things to do"}>
      {checkup.items.map((item) => (
        <CheckupCard key={`${item.kind}-${item.devices[0]?.id ?? ""}`} item={item} actions={actions} heading={whose ? "h3" : "h2"} />
      ))}
    </ul>
  );
}

function CheckupCard({ item, actions, heading: Heading }: { item: CheckupItem; actions?: CheckupActions; heading: "h2" | "h3" }) {
  const high = item.severity === "high";
  const review = item.kind === "new-device" || item.kind === "unusual-country";
  return (
    <li
      id={item.kind === "stale-devices" ? "stale-devices" : undefined}
      data-checkup-kind={item.kind}
      className={`scroll-mt-20 rounded-xl border bg-surface p-4 sm:p-5 ${high ? "border-danger-line border-l-4 border-l-red-600" : "border-line"}`}
    >
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <Heading className="text-base font-semibold break-words">{item.title}</Heading>
        {item.at && <RelativeTime iso={item.at} className="text-xs text-fg-muted" align="right" />}
      </div>
      <p className="mt-1 text-sm text-fg-muted">{item.detail}</p>
      {item.kind === "stale-devices" && (
        <ul className="mt-2 space-y-1 text-sm" aria-label="Devices not used for 90 days">
          {item.devices.map((d) => (
            <li key={d.id}>
              <span className="font-medium">{d.name}</span>
              <span className="text-fg-muted">
                {" "}
                ·{" "}
                {d.lastSeenAt ? (
                  <>
                    last seen <RelativeTime iso={d.lastSeenAt} />
                  </>
                ) : (
                  "never seen"
                )}
                {d.place && <> · {d.place}</>}
              </span>
            </li>
          ))}
        </ul>
      )}
      {actions && (
        <div className="mt-3 flex flex-wrap gap-2">
          {item.kind === "stale-devices" ? (
            <ConfirmActionButton
              label={item.devices.length === 1 ? "Sign out this device" : `Sign out these ${item.devices.length} devices`}
              title={item.devices.length === 1 ? `Sign out ${item.devices[0]!.name}?` : `Sign out ${item.devices.length} devices?`}
              body={
                <>
                  <p>Their sessions end and they are no longer trusted or remembered; signing in on them again asks for your password:</p>
                  <ul className="mt-2 list-disc pl-5">
                    {item.devices.map((d) => (
                      <li key={d.id}>{d.name}</li>
                    ))}
                  </ul>
                  {item.apps && item.apps.length > 0 && (
                    <p className="mt-2">
                      {item.devices.length === 1 ? "It is" : "They are"} also signed out of {listAnd(item.apps)}, which{" "}
                      {item.devices.length === 1 ? "it" : "they"} signed in to with Devicekeeper.
                    </p>
                  )}
                </>
              }
              confirmLabel="Sign out"
              pendingLabel="Signing out…"
              action={actions.signOutStale}
              input={{ deviceIds: item.devices.map((d) => d.id).join(",") }}
              variant="danger"
              stepUp={false}
            />
          ) : (
            <Link href={item.fix.href} className={fixLink}>
              {item.fix.label}
              {review && <span className="sr-only"> {item.devices[0]?.name}</span>}
            </Link>
          )}
          {review && item.devices[0] && (
            <ConfirmActionButton
              label="This was me"
              ariaLabel={`This was me: ${item.devices[0].name}`}
              title={`Was ${item.devices[0].name} you?`}
              body={
                <p>
                  It is no longer shown as new, and its sign-ins as waiting for your answer. If it wasn&apos;t you, sign it out instead.
                </p>
              }
              confirmLabel="This was me"
              pendingLabel="Saving…"
              action={actions.confirmDevice}
              input={{ deviceId: item.devices[0].id }}
              stepUp={false}
            />
          )}
        </div>
      )}
    </li>
  );
}
