import type { ReactNode } from "react";
import type { DeviceSummary, SessionSummary } from "@/lib/devices";
import type { DeviceOperation } from "@/components/devices/types";

export type PendingConfirm =
  | { kind: DeviceOperation; device: DeviceSummary }
  | { kind: "session"; session: SessionSummary; device: DeviceSummary }
  | { kind: "others"; sessions: number };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function SignedOutWarning() {
  return <p className="font-medium text-red-700">This is the browser you are using: you will be signed out here.</p>;
}

/** What each dialog says: what will happen, how many sessions end, whether this browser is signed out. */
export function confirmCopy(p: PendingConfirm): { title: string; confirmLabel: string; pendingLabel: string; body: ReactNode } {
  if (p.kind === "others") {
    return {
      title: "Sign out all other devices?",
      confirmLabel: "Sign out all other devices",
      pendingLabel: "Signing out…",
      body: <p>{plural(p.sessions, "session")} on your other devices will end at once. You stay signed in on this browser.</p>,
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
  const current = d.isCurrent ? <SignedOutWarning /> : null;
  if (p.kind === "untrust") {
    return {
      title: `Untrust ${d.name}?`,
      confirmLabel: "Untrust device",
      pendingLabel: "Untrusting…",
      body: (
        <>
          <p>
            {d.name} will no longer be trusted or remembered, and its {sessions} will end. It has to sign in again, with a second factor if
            you use one.
          </p>
          {current}
        </>
      ),
    };
  }
  if (p.kind === "invalidate") {
    return {
      title: `Invalidate ${d.name}?`,
      confirmLabel: "Invalidate device",
      pendingLabel: "Invalidating…",
      body: (
        <>
          <p>
            Its {sessions} will end, and its next sign-in will be treated as a new device: it is no longer remembered, and a second factor
            will be asked for if you use one.
          </p>
          {current}
        </>
      ),
    };
  }
  return {
    title: `Delete ${d.name}?`,
    confirmLabel: "Delete device",
    pendingLabel: "Deleting…",
    body: (
      <>
        <p>
          {d.name} will be removed from your devices and its {sessions} will end. If that browser signs in again, it will appear as a new
          device.
        </p>
        {current}
      </>
    ),
  };
}
