import type { AppSummary } from "@/lib/validation/apps";

/** Enabled or disabled, and first-party (no consent asked) when it is. */
export function AppBadges({ app }: { app: Pick<AppSummary, "enabled" | "firstParty"> }) {
  return (
    <>
      {app.enabled ? (
        <span className="rounded-full bg-success-muted px-2 py-0.5 text-xs font-medium text-success-strong">Enabled</span>
      ) : (
        <span className="rounded-full bg-danger-muted px-2 py-0.5 text-xs font-medium text-danger-strong">Disabled</span>
      )}
      {app.firstParty && <span className="rounded-full bg-info-muted px-2 py-0.5 text-xs font-medium text-info-strong">First-party</span>}
    </>
  );
}
