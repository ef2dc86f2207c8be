import type { ApiTokenSummary } from "@/lib/validation/api-tokens";
import type { AuthenticatorSummary } from "@/lib/security";
import type { DeviceSummary } from "@/lib/devices";
import type { ActivityItem } from "@/lib/activity";

export type AdminUserRow = {
  id: string;
  email: string;
  name: string;
  role: "USER" | "ADMIN";
  disabled: boolean;
  deviceCount: number;
  mfa: AuthenticatorSummary["kind"][];
  lastActiveAt: string | null;
};

export type AdminUserSearch = {
  rows: AdminUserRow[];
  /** Matches, counted up to a cap; `totalCapped` when there are more. */
  total: number;
  totalCapped: boolean;
  query: string;
  /** Cursors (an email) for the next and previous pages, null at either end. */
  after: string | null;
  before: string | null;
};

export type AdminUserDetail = {
  user: {
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
  devices: DeviceSummary[];
  authenticators: AuthenticatorSummary[];
  recoveryCodes: { remaining: number; total: number };
  activity: ActivityItem[];
  /** Their active personal access tokens (names and use, never the secret). */
  apiTokens: ApiTokenSummary[];
};
