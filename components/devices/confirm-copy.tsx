import type { ReactNode } from "react";
import { isTrustedOrRemembered, type DeviceSummary, type SessionSummary } from "@/lib/devices";
import type { DeviceOperation } from "@/components/devices/types";
import { listAnd, plural } from "@/lib/format";

export type PendingConfirm =
  | { kind: DeviceOperation; device: DeviceSummary }
  | { kind: "session"; session: SessionSummary; device: DeviceSummary }
  | { kind: "others"; sessions: number; apps: string[] };

function SignedOutWarning() {
  return <p className="font-medium text-danger">This is the browser you are using: you will be signed out here.</p>;
}

/** "It is also signed out of Team Wiki and Grafana." — the apps that end with the device. */
function AppsWarning({ apps }: { apps: string[] }) {
  if (!apps.length) return null;
  return <p>It is also signed out of {listAnd(apps)}, which it signed in to with Devicekeeper.</p>;
}

/** What each dialog says: what will happen, how many sessions end, whether this browser is signed out. */
export function confirmCopy(p: PendingConfirm): { title: string; confirmLabel: string; pendingLabel: string; body: ReactNode } {
  if (p.kind === "others") {
    return {
      title: "Sign out all other devices?",
      confirmLabel: "Sign out all other devices",
      pendingLabel: "Signing out…",
      body: (
        <>
          <p>{plural(p.sessions, "session")} on your other devices will end at once. You stay signed in on this browser.</p>
          {p.apps.length > 0 && <p>They are also signed out of {listAnd(p.apps)}, which they signed in to with Devicekeeper.</p>}
        </>
      ),
    };
  }
  if (p.kind === "session") {
    return {
      title: "Sign out this session?",
      confirmLabel: "Sign out",
      pendingLabel: "Signing out…",
      body: (
        <>
          <p>The session on {p.device.name} ends at once; that browser will have to sign in again.</p>
          {p.session.isCurrent && <SignedOutWarning />}
        </>
      ),
    };
  }
  const d = p.device;
  const sessions = plural(d.activeSessionCount, "active session");
  const current = (
    <>
      <AppsWarning apps={d.apps} />
      {d.isCurrent && <SignedOutWarning />}
    </>
  );
  if (p.kind === "untrust") {
    return {
      title: `Sign out ${d.name}?`,
      confirmLabel: "Sign out device",
      pendingLabel: "Signing out…",
      body: (
        <>
          <p>
            {d.activeSessionCount ? `Its ${sessions} will end at once` : "It has no active session"}
            {isTrustedOrRemembered(d) ? ", and it will no longer be trusted or remembered" : ""}: to come back it must sign in again, with
            your second factor if you use one.
          </p>
          {current}
        </>
      ),
    };
  }
  if (p.kind === "invalidate") {
    return {
      title: `Sign out ${d.name} and treat it as new?`,
      confirmLabel: "Sign out and treat as new",
      pendingLabel: "Signing out…",
      body: (
        <>
          <p>
            {d.activeSessionCount ? `Its ${sessions} will end at once, and its` : "Its"} next sign-in will count as a new device: you get an
            email about it, and a second factor is asked for if you use one.
          </p>
          {current}
        </>
      ),
    };
  }
  return {
    title: `Remove ${d.name}?`,
    confirmLabel: "Remove device",
    pendingLabel: "Removing…",
    body: (
      <>
        <p>
          {d.name} will be removed from your devices{d.activeSessionCount ? ` and its ${sessions} will end` : ""}. If that browser signs in
          again, it will appear as a new device.
        </p>
        {current}
      </>
    ),
  };
}
