import "server-only";
import type { Actor } from "@/server/audit/actor";
import { assertMayActFor } from "@/server/auth/assert-may-act-for";
import { getSecurityOverview } from "@/server/mfa/get-security-overview";
import { DAY_MS } from "@/server/config";
import { signInFactorsOf, type SecurityOverview } from "@/lib/security";
import { describeSignIn, secondFactorMethods } from "@/lib/sign-in-steps";
import { listAnd } from "@/lib/format";
import { appsSignedIn } from "@/server/sessions/apps-of-sessions";
import { readCheckupDevices, readCheckupHistory, staleDevices, type DeviceRow } from "@/server/security/checkup-queries";
import { CHECKUP_HREF, STALE_DEVICE_DAYS, type CheckupDevice, type CheckupItem, type SecurityCheckup } from "@/lib/security-checkup";

export type SecurityCheckupInput = {
  actor: Actor;
  userId: string;
  /** The browser the user reads it on: never "not used for 90 days", never "was this you?". */
  currentDeviceId?: string | null;
  /** The page's own read of /security's overview, when it has one (the devices page does). */
  overview?: SecurityOverview | Promise<SecurityOverview>;
  now?: Date;
};

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const nameList = (devices: { name: string }[]) => listAnd(devices.map((d) => d.name));

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
  const [security, devices, audit] = await Promise.all([
    overview ?? getSecurityOverview(userId),
    readCheckupDevices(userId, now),
    readCheckupHistory(userId, now),
  ]);
  const items: CheckupItem[] = [];
  const device = (d: DeviceRow): CheckupDevice => ({ id: d.id, name: d.name, lastSeenAt: iso(d.lastSeenMs), place: d.place });

  if (audit.reportedMs !== null && (audit.passwordMs === null || audit.passwordMs < audit.reportedMs)) {
    items.push({
      kind: "password-after-report",
      severity: "high",
      title: "Change your password",
      detail:
        "You reported a sign-in as not yours (“This wasn't me”), and your password has not changed since: whoever signed in may know it.",
      fix: { label: "Change your password", href: "/security#password" },
      devices: [],
      at: iso(audit.reportedMs),
    });
  }

  const unusual = new Set<string>();
  for (const u of audit.unusual) {
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
      // Read only when there are such devices (rarely): the confirmation names what ends with them.
      apps: await appsSignedIn({ userId, deviceIds: stale.map((d) => d.id) }),
    });
  }
  return { items };
}
