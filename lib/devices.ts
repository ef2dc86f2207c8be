import type { DeviceKind } from "@/lib/user-agent";

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
  /** Why it ended, in words ("Device untrusted"); null while active. */
  endedReason: string | null;
  isCurrent: boolean;
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
  /** First seen, or re-established after an invalidation, within the last day, and not recognised by the user since. */
  isNew: boolean;
  activeSessionCount: number;
  isCurrent: boolean;
  sessions: SessionSummary[];
  /** Second factors enrolled on this device (names only). */
  authenticators: { id: string; kind: "TOTP" | "WEBAUTHN" | "PUSH" | "BINDING"; name: string }[];
};

/** Remembered: its second factor is skipped until then. */
export const isRemembered = (d: DeviceSummary) => !!d.rememberedUntil && new Date(d.rememberedUntil) > new Date() && !d.isInvalidated;

/** Whether signing it out (untrust) would change anything: live sessions, or trust to forget. */
export const canSignOut = (d: DeviceSummary) =>
  d.activeSessionCount > 0 || !!d.trustedAt || (!!d.rememberedUntil && new Date(d.rememberedUntil) > new Date());

/** Whether "treat as new" (invalidate) would change anything: something to end, or not invalidated yet. */
export const canInvalidate = (d: DeviceSummary) => canSignOut(d) || !d.isInvalidated;

export const AUTHENTICATOR_KIND_LABELS: Record<DeviceSummary["authenticators"][number]["kind"], string> = {
  TOTP: "authenticator app",
  WEBAUTHN: "passkey",
  PUSH: "push",
  BINDING: "bound device",
};

export const REVOKED_REASON_LABELS: Record<string, string> = {
  SIGNED_OUT: "Signed out",
  SESSION_REVOKED: "Signed out remotely",
  OTHER_SESSIONS_REVOKED: "Signed out from another device",
  DEVICE_UNTRUSTED: "Device untrusted",
  DEVICE_INVALIDATED: "Device invalidated",
  DEVICE_DELETED: "Device deleted",
  USER_DISABLED: "Account disabled",
  ADMIN_REVOKED: "Signed out by an administrator",
  PASSWORD_CHANGED: "Password changed",
  SESSION_LIMIT: "Signed out: too many sessions (the oldest ends)",
};
