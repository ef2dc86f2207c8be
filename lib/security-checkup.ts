/**
 * The security checkup (/security/checkup, the line on /devices, an administrator's user page):
 * what a user should do about their account, each item one click from its fix. Computed by
 * server/security/security-checkup.ts; the shapes and words are here so the pages and the tests
 * share them.
 */

export type CheckupKind = "password-after-report" | "unusual-country" | "new-device" | "second-factor" | "recovery-codes" | "stale-devices";

/** "high": someone else may be in the account; "medium": the account is easier to take than it need be. */
export type CheckupSeverity = "high" | "medium";

/** A device an item is about, as the checkup names it. */
export type CheckupDevice = { id: string; name: string; lastSeenAt: string | null; place: string | null };

export type CheckupItem = {
  kind: CheckupKind;
  severity: CheckupSeverity;
  title: string;
  detail: string;
  /** Where its fix is: one click. */
  fix: { label: string; href: string };
  /** The devices it is about: the one to review ("Was this you?"), or the ones to sign out. */
  devices: CheckupDevice[];
  /** When it happened (the sign-in, the report), for "5 minutes ago". */
  at: string | null;
  /** The apps signed in on the devices to sign out, which signing them out ends too. */
  apps?: string[];
};

export type SecurityCheckup = { items: CheckupItem[] };

/** Devices not seen for this many days, still signed in or remembered, are offered to be signed out. */
export const STALE_DEVICE_DAYS = 90;

/** Unusual-country sign-ins older than this are no longer raised. */
export const UNUSUAL_SIGN_IN_DAYS = 90;

/** The checkup's own page. */
export const CHECKUP_HREF = "/security/checkup";

/** "2 things need your attention". */
export const attentionLine = (count: number) => `${count} ${count === 1 ? "thing needs" : "things need"} your attention`;
