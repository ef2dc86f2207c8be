import type { DeviceKind } from "@/lib/user-agent";
import { listAnd } from "@/lib/format";

/**
 * " Also signed out of Team Wiki and Grafana." after what a change did, as its dialog said: the
 * apps the ended sessions were signed in to. Nothing when there were none.
 */
export const appsSignedOutToo = (apps: readonly string[] | undefined): string =>
  apps?.length ? ` Also signed out of ${listAnd([...apps])}.` : "";

export type SessionSummary = {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  /** When it ends by itself: its absolute lifetime, or the idle limit from its last request, whichever is first. */
  expiresAt: string;
  ip: string | null;
  /** Roughly where ip is ("Berlin, Germany"), looked up offline when the session started. */
  location: string | null;
  state: "active" | "ended" | "expired";
  /** Why it ended, in words ("Device signed out"); null while active. */
  endedReason: string | null;
  isCurrent: boolean;
  /** Apps signed in through Devicekeeper from this session: they end with it. */
  apps: string[];
};

/** What the pages (and later the API) may know about a device: no cookie hash, no internals. */
export type DeviceSummary = {
  id: string;
  name: string;
  type: DeviceKind;
  os: string | null;
  browser: string | null;
  /** Browser and OS with major versions, "Chrome 141 on macOS", from its last sign-in's User-Agent. */
  software: string | null;
  lastIp: string | null;
  /** Roughly where lastIp is ("Berlin, Germany"). */
  lastLocation: string | null;
  createdAt: string;
  authenticatedAt: string | null;
  lastSeenAt: string | null;
  trustedAt: string | null;
  rememberedUntil: string | null;
  invalidatedAt: string | null;
  /** The user answered "This was me" to the new-device email. */
  recognizedAt: string | null;
  /** Invalidated and not signed in since. */
  isInvalidated: boolean;
  /** When the user (or an administrator) marked it as lost, while it has not signed in again since. */
  markedLostAt: string | null;
  /** First seen, or re-established after an invalidation, within the last day, and not recognised by the user since. */
  isNew: boolean;
  activeSessionCount: number;
  isCurrent: boolean;
  sessions: SessionSummary[];
  /** Second factors enrolled on this device (names only). */
  authenticators: { id: string; kind: "TOTP" | "WEBAUTHN" | "PUSH" | "BINDING"; name: string }[];
  /** Apps signed in through Devicekeeper on this device (its live sessions): they are signed out with it. */
  apps: string[];
};

/** Remembered: its second factor is skipped until then. */
export const isRemembered = (d: DeviceSummary) => !!d.rememberedUntil && new Date(d.rememberedUntil) > new Date() && !d.isInvalidated;

/** Whether signing it out takes away trust: what its dialog and its toast speak of. */
export const isTrustedOrRemembered = (d: DeviceSummary) => !!d.trustedAt || isRemembered(d);

/** Whether signing it out (untrust) would change anything: live sessions, or trust to forget. */
export const canSignOut = (d: DeviceSummary) =>
  d.activeSessionCount > 0 || !!d.trustedAt || (!!d.rememberedUntil && new Date(d.rememberedUntil) > new Date());

/** Whether "treat as new" (invalidate) would change anything: something to end, or not invalidated yet. */
export const canInvalidate = (d: DeviceSummary) => canSignOut(d) || !d.isInvalidated;

/** Whether marking it lost would change anything: what invalidating changes, or second factors on it to remove. */
export const canMarkLost = (d: DeviceSummary) => canInvalidate(d) || d.authenticators.length > 0;

export const AUTHENTICATOR_KIND_LABELS: Record<DeviceSummary["authenticators"][number]["kind"], string> = {
  TOTP: "authenticator app",
  WEBAUTHN: "passkey",
  PUSH: "push",
  BINDING: "bound device",
};

/** Words that already say a factor's kind in its name ("Carol's iPhone (push)"). */
const KIND_IN_NAME: Record<DeviceSummary["authenticators"][number]["kind"], RegExp> = {
  TOTP: /authenticator app|\btotp\b/i,
  WEBAUTHN: /passkey|security key|webauthn/i,
  PUSH: /\bpush\b/i,
  BINDING: /\bbound\b|\bbinding\b/i,
};

/** "Work phone (authenticator app)", but "Carol's iPhone (push)" as it is: the kind is said once. */
export function authenticatorLabel(a: Pick<DeviceSummary["authenticators"][number], "kind" | "name">): string {
  return KIND_IN_NAME[a.kind].test(a.name) ? a.name : `${a.name} (${AUTHENTICATOR_KIND_LABELS[a.kind]})`;
}

export const REVOKED_REASON_LABELS: Record<string, string> = {
  SIGNED_OUT: "Signed out",
  SESSION_REVOKED: "Signed out remotely",
  OTHER_SESSIONS_REVOKED: "Signed out from another device",
  DEVICE_UNTRUSTED: "Device signed out",
  DEVICE_INVALIDATED: "Device signed out and treated as new",
  DEVICE_DELETED: "Device removed",
  USER_DISABLED: "Account disabled",
  ADMIN_REVOKED: "Signed out by an administrator",
  PASSWORD_CHANGED: "Password changed",
  SESSION_LIMIT: "Signed out: too many sessions (the oldest ends)",
  DEVICE_LOST: "Device marked as lost",
};

/**
 * A new device's name that no other device of the user already has: "Chrome on Linux", then
 * "Chrome on Linux (2)", "(3)"… — so two laptops with the same browser can be told apart in the
 * list, the history's filter, emails and the "was this you?" page.
 */
export function distinctDeviceName(base: string, taken: Iterable<string>): string {
  const names = new Set(taken);
  if (!names.has(base)) return base;
  for (let n = 2; ; n++) if (!names.has(`${base} (${n})`)) return `${base} (${n})`;
}

/**
 * Labels for a list of devices where two may share a name (renamed alike, or named before names
 * were made distinct): each shared name gets its first-seen day, and a number if that is shared too.
 */
export function distinctDeviceLabels<D extends { id: string; name: string; firstSeen: string }>(devices: D[]): Map<string, string> {
  const count = (key: (d: D) => string) => {
    const n = new Map<string, number>();
    for (const d of devices) n.set(key(d), (n.get(key(d)) ?? 0) + 1);
    return n;
  };
  const names = count((d) => d.name);
  const days = count((d) => `${d.name}\n${d.firstSeen}`);
  const seen = new Map<string, number>();
  const labels = new Map<string, string>();
  for (const d of devices) {
    if (names.get(d.name) === 1) {
      labels.set(d.id, d.name);
      continue;
    }
    const key = `${d.name}\n${d.firstSeen}`;
    const nth = (seen.get(key) ?? 0) + 1;
    seen.set(key, nth);
    labels.set(d.id, `${d.name} — first seen ${d.firstSeen}${days.get(key)! > 1 ? ` (${nth})` : ""}`);
  }
  return labels;
}
