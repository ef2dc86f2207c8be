import "server-only";
import { rawQuery, sqlEpochMs } from "@/server/db/client";
import type { Actor } from "@/server/audit/actor";
import { assertMayActFor } from "@/server/auth/assert-may-act-for";
import { getSecurityOverview } from "@/server/mfa/get-security-overview";
import { DAY_MS } from "@/server/config";
import { signInFactorsOf, type SecurityOverview } from "@/lib/security";
import { describeSignIn, secondFactorMethods } from "@/lib/sign-in-steps";
import {
  CHECKUP_HREF,
  STALE_DEVICE_DAYS,
  UNUSUAL_SIGN_IN_DAYS,
  type CheckupDevice,
  type CheckupItem,
  type SecurityCheckup,
} from "@/lib/security-checkup";

export type SecurityCheckupInput = {
  actor: Actor;
  userId: string;
  /** The browser the user reads it on: never "not used for 90 days", never "was this you?". */
  currentDeviceId?: string | null;
  /** The page's own read of /security's overview, when it has one (the devices page does). */
  overview?: SecurityOverview | Promise<SecurityOverview>;
  now?: Date;
};

type DeviceRow = {
  id: string;
  name: string;
  place: string | null;
  seenMs: number;
  lastSeenMs: number | null;
  sinceMs: number;
  recognizedMs: number | null;
  invalidated: boolean;
  trusted: boolean;
  live: boolean;
};

// A device's activity: the last request, else its last sign-in, else its creation. "since": when it
// became new — its creation, or its sign-in after an invalidation (to-device-summary.ts's isNew).
const DEVICES_SQL = `
  SELECT d.id, d.name, d."lastLocation" AS place,
         ${sqlEpochMs(`coalesce(d."lastSeenAt", d."authenticatedAt", d."createdAt")`)} AS "seenMs",
         ${sqlEpochMs(`d."lastSeenAt"`)} AS "lastSeenMs",
         ${sqlEpochMs(`CASE WHEN inv THEN d."createdAt" ELSE coalesce(d."reestablishedAt", d."createdAt") END`)} AS "sinceMs",
         ${sqlEpochMs(`d."recognizedAt"`)} AS "recognizedMs",
         inv AS invalidated,
         d."trustedAt" IS NOT NULL OR d."rememberedUntil" IS NOT NULL AS trusted,
         EXISTS (SELECT 1 FROM "Session" s WHERE s."deviceId" = d.id AND s."userId" = $1::uuid
                   AND s."revokedAt" IS NULL AND s."expiresAt" > $2::timestamp) AS live
    FROM "Device" d
   CROSS JOIN LATERAL (SELECT d."invalidatedAt" IS NOT NULL
                              AND (d."reestablishedAt" IS NULL OR d."reestablishedAt" < d."invalidatedAt") AS inv) i
   WHERE d."userId" = $1::uuid AND d."deletedAt" IS NULL
   ORDER BY d."createdAt", d.id`;

/** What answers an unusual sign-in: "This was me" / "This wasn't me", or the device signed out, removed or lost after it. */
const REVIEWED = ["DEVICE_RECOGNIZED", "DEVICE_NOT_RECOGNIZED", "DEVICE_UNTRUSTED", "DEVICE_INVALIDATED", "DEVICE_DELETED", "DEVICE_LOST"]
  .map((t) => `'${t}'`)
  .join(", ");

type AuditRow = {
  unusual: { deviceId: string; name: string; place: string | null; atMs: number }[];
  reportedMs: number | null;
  passwordMs: number | null;
};

// The latest unanswered unusual-country sign-in per device still on the account, and the last
// "This wasn't me" against the last password change or reset. Both read (userId, createdAt) or
// (deviceId) indexes.
const AUDIT_SQL = `
  WITH unusual AS (
    SELECT DISTINCT ON (e."deviceId") e."deviceId", d.name, e.detail->>'location' AS place, e."createdAt"
      FROM "AuditEvent" e JOIN "Device" d ON d.id = e."deviceId" AND d."userId" = $1::uuid AND d."deletedAt" IS NULL
     WHERE e."userId" = $1::uuid AND e.type = 'SIGN_IN' AND e.detail->>'unusualCountry' = 'true' AND e."createdAt" > $2::timestamp
       AND NOT EXISTS (SELECT 1 FROM "AuditEvent" r
                        WHERE r."deviceId" = e."deviceId" AND r."userId" = $1::uuid AND r."createdAt" >= e."createdAt"
                          AND r.type IN (${REVIEWED}))
     ORDER BY e."deviceId", e."createdAt" DESC)
  SELECT (SELECT coalesce(json_agg(json_build_object('deviceId', u."deviceId", 'name', u.name, 'place', u.place,
                                                     'atMs', ${sqlEpochMs(`u."createdAt"`)}) ORDER BY u."createdAt" DESC), '[]')
            FROM unusual u) AS unusual,
         (SELECT ${sqlEpochMs(`max("createdAt")`)} FROM "AuditEvent"
           WHERE "userId" = $1::uuid AND type = 'DEVICE_NOT_RECOGNIZED') AS "reportedMs",
         (SELECT ${sqlEpochMs(`max("createdAt")`)} FROM "AuditEvent"
           WHERE "userId" = $1::uuid AND type IN ('PASSWORD_CHANGED', 'PASSWORD_RESET')) AS "passwordMs"`;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const nameList = (devices: { name: string }[]) =>
  devices.length < 2
    ? (devices[0]?.name ?? "")
    : `${devices
        .slice(0, -1)
        .map((d) => d.name)
        .join(", ")} and ${devices.at(-1)!.name}`;

/**
 * A user's security checkup, most urgent first: a password not changed since a "This wasn't me",
 * unusual-country sign-ins nobody answered, new devices not confirmed, no second factor, no
 * recovery codes, devices not used for 90 days that are still signed in or remembered. Empty: all
 * good. The user themself or an administrator (read-only, on the user's admin page) may read it;
 * anyone else is answered "User not found".
 */
export async function getSecurityCheckup({
  actor,
  userId,
  currentDeviceId = null,
  overview,
  now = new Date(),
}: SecurityCheckupInput): Promise<SecurityCheckup> {
  assertMayActFor(actor, userId, "User");
  const [security, devices, [audit]] = await Promise.all([
    overview ?? getSecurityOverview(userId),
    rawQuery<DeviceRow>(DEVICES_SQL, [userId, now.toISOString()]),
    rawQuery<AuditRow>(AUDIT_SQL, [userId, new Date(now.getTime() - UNUSUAL_SIGN_IN_DAYS * DAY_MS).toISOString()]),
  ]);
  const items: CheckupItem[] = [];
  const device = (d: DeviceRow): CheckupDevice => ({ id: d.id, name: d.name, lastSeenAt: iso(d.lastSeenMs), place: d.place });

  if (audit!.reportedMs !== null && (audit!.passwordMs === null || audit!.passwordMs < audit!.reportedMs)) {
    items.push({
      kind: "password-after-report",
      severity: "high",
      title: "Change your password",
      detail:
        "You reported a sign-in as not yours (“This wasn't me”), and your password has not changed since: whoever signed in may know it.",
      fix: { label: "Change your password", href: "/security#password" },
      devices: [],
      at: iso(audit!.reportedMs),
    });
  }

  const unusual = new Set<string>();
  for (const u of audit!.unusual) {
    unusual.add(u.deviceId);
    items.push({
      kind: "unusual-country",
      severity: "high",
      title: `Unusual sign-in on ${u.name}`,
      detail: `It signed in from ${u.place ?? "a country"}, the first sign-in to your account from there. If it wasn't you, sign it out and change your password.`,
      fix: { label: "Review", href: `/devices/${u.deviceId}` },
      devices: [{ id: u.deviceId, name: u.name, lastSeenAt: null, place: u.place }],
      at: iso(u.atMs),
    });
  }

  for (const d of devices) {
    const isNew = now.getTime() - d.sinceMs < DAY_MS && !(d.recognizedMs !== null && d.recognizedMs >= d.sinceMs);
    if (!isNew || !d.live || d.invalidated || d.id === currentDeviceId || unusual.has(d.id)) continue;
    items.push({
      kind: "new-device",
      severity: "high",
      title: `New sign-in on ${d.name}: was this you?`,
      detail: `${d.place ? `Near ${d.place}. ` : ""}If it wasn't you, sign it out and change your password.`,
      fix: { label: "Review", href: `/devices/${d.id}` },
      devices: [device(d)],
      at: iso(d.sinceMs),
    });
  }

  const factors = signInFactorsOf(security);
  // Whether the user set one up, whatever an administrator's skip option makes sign-in ask.
  const methods = secondFactorMethods({ ...factors, mfaSkip: undefined }).filter((m) => m !== "recovery");
  if (!methods.length) {
    items.push({
      kind: "second-factor",
      severity: "medium",
      title: "Add a second factor",
      detail: `${describeSignIn(secondFactorMethods(factors))} With an authenticator app or a passkey, a stolen password is not enough.`,
      fix: { label: "Add an authenticator app", href: "/security?add=authenticator-app#authenticator-app" },
      devices: [],
      at: null,
    });
  } else if (security.recoveryCodes.remaining === 0) {
    items.push({
      kind: "recovery-codes",
      severity: "medium",
      title: "Create recovery codes",
      detail: `${security.recoveryCodes.total ? "You have used all your recovery codes." : "You have no recovery codes."} One signs you in if you lose your second factor.`,
      fix: { label: "Create recovery codes", href: "/security#recovery-codes" },
      devices: [],
      at: null,
    });
  }

  const stale = staleDevices(devices, { currentDeviceId, now });
  if (stale.length) {
    items.push({
      kind: "stale-devices",
      severity: "medium",
      title: `${stale.length === 1 ? "1 device" : `${stale.length} devices`} not used for ${STALE_DEVICE_DAYS} days`,
      detail: `${nameList(stale)} ${stale.length === 1 ? "is" : "are"} still signed in or remembered. Sign ${stale.length === 1 ? "it" : "them"} out if you no longer use ${stale.length === 1 ? "it" : "them"}.`,
      fix: { label: "Sign out", href: `${CHECKUP_HREF}#stale-devices` },
      devices: stale.map(device),
      at: null,
    });
  }
  return { items };
}

/** Not the browser in hand, not seen for 90 days, and signing it out would change something (a live session, trust or "remember me"). */
function staleDevices(devices: DeviceRow[], { currentDeviceId, now }: { currentDeviceId: string | null; now: Date }): DeviceRow[] {
  const before = now.getTime() - STALE_DEVICE_DAYS * DAY_MS;
  return devices.filter((d) => d.id !== currentDeviceId && d.seenMs < before && (d.live || d.trusted));
}

/** The stale devices among `deviceIds`, for signing them out (server/devices/sign-out-stale-devices.ts). */
export async function findStaleDevices({
  userId,
  deviceIds,
  currentDeviceId,
  now,
}: {
  userId: string;
  deviceIds: readonly string[];
  currentDeviceId: string | null;
  now: Date;
}): Promise<{ id: string; name: string }[]> {
  const devices = await rawQuery<DeviceRow>(DEVICES_SQL, [userId, now.toISOString()]);
  return staleDevices(devices, { currentDeviceId, now }).filter((d) => deviceIds.includes(d.id));
}
