import type { ApiTokenSummary } from "@/lib/validation/api-tokens";
import type { AuthenticatorSummary, SecurityOverview } from "@/lib/security";
import type { DeviceSummary } from "@/lib/devices";
import type { ActivityItem, ActivityPage } from "@/lib/activity";

export type AdminUserRow = {
  id: string;
  email: string;
  name: string;
  role: "USER" | "ADMIN";
  disabled: boolean;
  deviceCount: number;
  /** Of those, the devices with a live session: the user page's "Signed in" section. */
  signedInCount: number;
  mfa: AuthenticatorSummary["kind"][];
  lastActiveAt: string | null;
  /** When the account was made (the "newest" and "oldest" orders). */
  createdAt: string;
};

/** "3 devices, 2 signed in": the same split as the user's page (Signed in / Signed out). */
export function devicesLine({ deviceCount: n, signedInCount: live }: Pick<AdminUserRow, "deviceCount" | "signedInCount">): string {
  if (n === 0) return "no devices";
  if (n === 1) return `1 device, ${live ? "signed in" : "signed out"}`;
  return `${n} devices, ${live === n ? "all" : live === 0 ? "none" : live} signed in`;
}

/**
 * How the admin user list is ordered; each has an index behind it (email's unique index, name's
 * index, createdAt's) so every page stays a short index scan on 100,000+ users. "Most recently
 * active" and "most devices" are aggregates over other tables and would read every user: not offered.
 */
export const USER_SORTS = {
  email: "Email, A–Z",
  name: "Name, A–Z",
  newest: "Newest accounts first",
  oldest: "Oldest accounts first",
} as const;
export type UserSort = keyof typeof USER_SORTS;

export type AdminUserSearch = {
  rows: AdminUserRow[];
  /** Matches, counted up to a cap; `totalCapped` when there are more. */
  total: number;
  totalCapped: boolean;
  query: string;
  /** Cursors (the id of the last or first user shown) for the next and previous pages, null at either end. */
  after: string | null;
  before: string | null;
};

/** A user as the admin pages name them: who, role, state, sign-in settings. */
export type AdminUser = {
  id: string;
  email: string;
  name: string;
  role: "USER" | "ADMIN";
  disabled: boolean;
  mfaSkip: "NOT_SET" | "SKIPPABLE" | "NOT_SKIPPABLE";
  /** Live sessions allowed at once; null: no limit. */
  maxSessions: number | null;
  createdAt: string;
};

/** What the admin user page lists below the user's name: their devices, second factors, tokens and history. */
export type AdminUserDetail = {
  devices: DeviceSummary[];
  /** Their second factors, recovery codes and skip option. */
  security: SecurityOverview;
  activity: ActivityItem[];
  /** Their active personal access tokens (names and use, never the secret). */
  apiTokens: ApiTokenSummary[];
};

/** One device of a user, for its admin page; its history is read apart (it streams in). */
/** One device of a user for its admin page, with the user's second factors (what "Lost device" will leave). */
export type AdminDevice = { user: AdminUser; device: DeviceSummary; security: SecurityOverview };
export type AdminDeviceHistory = Pick<ActivityPage, "items" | "total">;

/** The counts on the admin landing page. */
export type AdminOverview = { users: number; admins: number; disabledUsers: number; devices: number; activeSessions: number };
