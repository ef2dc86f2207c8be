import "server-only";
import { isInvalidated, isMarkedLost } from "@/server/devices/device-operation";
import { sessionPolicy } from "@/server/config";
import { softwareOf } from "@/lib/user-agent";
import { REVOKED_REASON_LABELS, type DeviceSummary, type SessionSummary } from "@/lib/devices";

type SessionRow = {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
  ip: string | null;
  location: string | null;
  apps?: string[];
};

export type DeviceRow = {
  id: string;
  name: string;
  type: DeviceSummary["type"];
  os: string | null;
  browser: string | null;
  userAgent: string | null;
  lastIp: string | null;
  lastLocation: string | null;
  createdAt: Date;
  authenticatedAt: Date | null;
  lastSeenAt: Date | null;
  trustedAt: Date | null;
  rememberedUntil: Date | null;
  invalidatedAt: Date | null;
  reestablishedAt: Date | null;
  recognizedAt: Date | null;
  lostAt: Date | null;
  sessions: SessionRow[];
  authenticators: DeviceSummary["authenticators"];
  apps: string[];
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const DAY_MS = 24 * 60 * 60 * 1000;

function toSessionSummary(s: SessionRow, currentSessionId: string | null, now: Date): SessionSummary {
  // It ends at its absolute expiry, or after the idle limit without a request, whichever is first.
  const endsAt = new Date(Math.min(s.expiresAt.getTime(), s.lastSeenAt.getTime() + sessionPolicy().idleMs));
  const state = s.revokedAt ? "ended" : endsAt <= now ? "expired" : "active";
  return {
    id: s.id,
    createdAt: s.createdAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(),
    expiresAt: endsAt.toISOString(),
    ip: s.ip,
    location: s.location,
    state,
    endedReason: s.revokedReason ? (REVOKED_REASON_LABELS[s.revokedReason] ?? "Ended") : state === "expired" ? "Expired" : null,
    isCurrent: s.id === currentSessionId,
    apps: [...(s.apps ?? [])].sort((a, b) => a.localeCompare(b)),
  };
}

export function toDeviceSummary(
  row: DeviceRow,
  current: { deviceId: string | null; sessionId: string | null },
  now = new Date(),
): DeviceSummary {
  const invalidated = isInvalidated(row);
  const since = row.reestablishedAt && !invalidated ? row.reestablishedAt : row.createdAt;
  const sessions = row.sessions.map((s) => toSessionSummary(s, current.sessionId, now));
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    os: row.os,
    browser: row.browser,
    software: softwareOf(row.userAgent) ?? ([row.browser, row.os].filter(Boolean).join(" on ") || null),
    lastIp: row.lastIp,
    lastLocation: row.lastLocation,
    createdAt: row.createdAt.toISOString(),
    authenticatedAt: iso(row.authenticatedAt),
    lastSeenAt: iso(row.lastSeenAt),
    trustedAt: iso(row.trustedAt),
    rememberedUntil: iso(row.rememberedUntil),
    invalidatedAt: iso(row.invalidatedAt),
    recognizedAt: iso(row.recognizedAt),
    isInvalidated: invalidated,
    markedLostAt: isMarkedLost(row) ? iso(row.lostAt) : null,
    isNew: now.getTime() - since.getTime() < DAY_MS && !(row.recognizedAt && row.recognizedAt >= since),
    activeSessionCount: sessions.filter((s) => s.state === "active").length,
    isCurrent: row.id === current.deviceId,
    sessions,
    authenticators: row.authenticators,
    apps: [...row.apps].sort((a, b) => a.localeCompare(b)),
  };
}

/** Sessions shown per device: the live ones and the most recent ended ones. */
export const SESSIONS_PER_DEVICE = 20;
