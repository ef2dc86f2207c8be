/**
 * What "I lost this device" (and an administrator's "Lost device") will do, in the words every
 * screen uses: what goes with the device, what stays, and what the next sign-in will ask — decided
 * by the rule sign-in itself follows (lib/sign-in-steps.ts). Pure: the dialog says it before the
 * change (server/devices/mark-device-lost.ts) is made.
 */
import { appsSignedOutToo, isRemembered, type DeviceSummary } from "@/lib/devices";
import { signInFactorsOf, type SecurityOverview } from "@/lib/security";
import { afterChange, describeSignInAfter, secondFactorMethods, type SignInFactors } from "@/lib/sign-in-steps";
import { listAnd, plural } from "@/lib/format";

type Factor = { kind: "TOTP" | "WEBAUTHN" | "PUSH" | "BINDING"; name: string };

const FACTOR_WORDS: Record<Factor["kind"], string> = {
  TOTP: "the authenticator app",
  WEBAUTHN: "the passkey",
  PUSH: "the push registration",
  BINDING: "the bound-device registration",
};

/** "the push registration “Carol's iPhone (push)”" */
export const factorWords = (f: Factor) => `${FACTOR_WORDS[f.kind]} “${f.name}”`;

const capital = (s: string) => `${s[0]!.toUpperCase()}${s.slice(1)}`;

export type LostDevicePlan = {
  /** What goes with the device, one line each. */
  goes: string[];
  /** What stays. */
  stays: string[];
  /** "After this, signing in as Carol asks for their password, then a passkey or security key." */
  nextSignIn: string;
  /** Said when no second factor is left: what to do about it. */
  setUpNew: string | null;
};

/** Whether any factor would be asked for at all (the administrator's skip option aside). */
const asksSecondStep = (factors: SignInFactors) => secondFactorMethods({ ...factors, mfaSkip: "NOT_SET" }).length > 0;

/**
 * The plan for `device` of the user whose second factors are `security`. `who`: the user's name
 * when an administrator reads it; otherwise it speaks to the user.
 */
export function lostDevicePlan(device: DeviceSummary, security: SecurityOverview, who?: string): LostDevicePlan {
  const live = device.activeSessionCount;
  const going = device.authenticators;
  const goingIds = new Set(going.map((a) => a.id));
  const staying = security.authenticators.filter((a) => !goingIds.has(a.id));
  const goes = [
    live ? `${plural(live, "active session")} on it ${live === 1 ? "ends" : "end"} at once` : "No active session to end: it is signed out",
    ...(device.apps.length ? [`It is signed out of ${listAnd(device.apps)}, which it signed in to with Devicekeeper`] : []),
    // Untrust said only of a device that has some: "It is not trusted" under "What goes" read as a loss.
    device.trustedAt || isRemembered(device)
      ? "Its trust and “remember me” are forgotten: if it signs in again, it counts as a new device"
      : "If it signs in again, it counts as a new device",
    ...going.map((a) => capital(factorWords(a))),
  ];
  const codes = security.recoveryCodes.remaining;
  const stays = [
    ...staying.map((a) => `${capital(factorWords(a))}${a.deviceName ? ` (on ${a.deviceName})` : ""}`),
    ...(codes ? [`${plural(codes, "unused recovery code")}`] : []),
    // None left is not something that stays: the plan's setUpNew and nextSignIn say it.
    `${who ? `${who}'s` : "Your"} other devices, still signed in`,
  ];
  const factors = signInFactorsOf(security);
  const change = { ids: [...goingIds] };
  const setUpNew =
    asksSecondStep(factors) && !asksSecondStep(afterChange(factors, change))
      ? who
        ? `No second factor is left: ask ${who} to set up a new one afterwards.`
        : "No second factor is left: set up a new one on the Security page afterwards."
      : null;
  return { goes, stays, nextSignIn: describeSignInAfter(factors, change, who), setUpNew };
}

/** What marking it lost did, for the toast: "Carol's iPhone marked as lost — 1 session ended, 2 second factors removed." */
export function lostDeviceMessage(r: {
  name: string;
  changed: boolean;
  sessionsEnded: number;
  factorsRemoved: readonly unknown[];
  apps?: readonly string[];
}): string {
  if (!r.changed) return `${r.name} was already marked as lost.`;
  const what = [
    ...(r.sessionsEnded ? [`${plural(r.sessionsEnded, "session")} ended`] : []),
    ...(r.factorsRemoved.length ? [`${plural(r.factorsRemoved.length, "second factor")} removed`] : []),
  ];
  return `${r.name} marked as lost${what.length ? ` — ${what.join(", ")}` : ""}.${appsSignedOutToo(r.apps)}`;
}
