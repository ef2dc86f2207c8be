import Link from "next/link";
import { ConfirmActionButton, type ConfirmAction } from "@/components/ui/confirm-action-button";
import { RelativeTime } from "@/components/ui/relative-time";
import { accessSummary, type ConnectedApp } from "@/lib/apps";

/** The apps with access to the account: what each may see, the devices it is signed in on, and Remove access. */
export function ConnectedApps({
  apps,
  remove,
  whose,
  userId,
  deviceBase = "/devices",
}: {
  apps: ConnectedApp[];
  remove: ConfirmAction;
  /** The user's name when someone else (an administrator) reads the list. */
  whose?: string;
  /** The user's id, for an administrator's action on their account. */
  userId?: string;
  /** Where a device's page is: /devices, or the admin's page of the user's devices. */
  deviceBase?: string;
}) {
  if (!apps.length)
    return (
      <p className="rounded-lg border border-dashed border-line-strong p-6 text-sm text-fg-muted">
        {/* True whatever came before: apps signed in earlier may have had their access removed (the history keeps them). */}
        {whose
          ? `No app has access to ${whose}'s account now.`
          : "No app has access to your account now. Apps you sign in to with Devicekeeper are listed here until their access is removed."}
      </p>
    );
  return (
    <ul className="divide-y divide-line rounded-lg border border-line bg-surface">
      {apps.map((app) => (
        <li key={app.clientId} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-start sm:justify-between">
          <div className="min-w-0 space-y-1 text-sm">
            <h2 className="text-base font-semibold">{app.name}</h2>
            <p className="text-fg-muted">{accessSummary(app.scopes)}</p>
            <p>
              {app.devices.length ? (
                <>
                  Signed in on{" "}
                  {app.devices.map((d, i) => (
                    <span key={d.id}>
                      {i > 0 && ", "}
                      <Link href={`${deviceBase}/${d.id}`} prefetch={false} className="font-medium text-accent hover:underline">
                        {d.name}
                      </Link>
                    </span>
                  ))}
                </>
              ) : (
                <span className="text-fg-muted">Not signed in on any device now</span>
              )}
            </p>
            <p className="text-fg-muted">
              Allowed <RelativeTime iso={app.firstUsedAt} /> · last signed in <RelativeTime iso={app.lastUsedAt} />
            </p>
          </div>
          <ConfirmActionButton
            label="Remove access"
            ariaLabel={`Remove access of ${app.name}`}
            title={`Remove ${app.name}'s access?`}
            body={
              <p className="text-sm">
                {app.name} is signed out on every device at once and can no longer use {whose ? `${whose}'s` : "your"} account, until{" "}
                {whose ? "they sign" : "you sign"} in to it again.
              </p>
            }
            confirmLabel="Remove access"
            pendingLabel="Removing…"
            action={remove}
            input={userId ? { clientId: app.clientId, userId } : { clientId: app.clientId }}
            variant="danger"
          />
        </li>
      ))}
    </ul>
  );
}
