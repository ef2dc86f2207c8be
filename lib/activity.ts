import { listAnd, plural } from "@/lib/format";

/** One line of a user's security history, as the activity page shows it. */
export type ActivityItem = {
  id: string;
  type: string;
  createdAt: string;
  ip: string | null;
  /** Roughly where ip is ("Berlin, Germany"), when the offline database knows. */
  location: string | null;
  /** A sign-in from a country the account had not signed in from before. */
  unusual: boolean;
  /** "you", "an administrator" or "Devicekeeper" (system). */
  by: "you" | "an administrator" | "system";
  /** The administrator's name, when one acted (and still exists). */
  actorName?: string | null;
  deviceName: string | null;
  /** The device it happened on, while it is still on the account (for a link to it). */
  deviceId?: string | null;
  deviceType?: "desktop" | "mobile" | "tablet" | "unknown" | null;
  detail: Record<string, unknown>;
};

export type ActivityPage = { items: ActivityItem[]; page: number; pageCount: number; total: number };

const n = (v: unknown) => (typeof v === "number" ? v : 0);
const sessions = (v: unknown) => `${n(v)} session${n(v) === 1 ? "" : "s"} ended`;

/**
 * A sentence for an event: "You signed out Work laptop — 1 session ended." Pass the user's name as
 * `self` to tell it about them to someone else (the admin console). `named` also names them where
 * the sentence would otherwise leave them implied ("Carol signed in on …"): for a list of
 * everyone's events, where no page says whose history it is.
 */
export function describeActivity(item: ActivityItem, self = "You", { named = false }: { named?: boolean } = {}): string {
  const sentence = describeEvent(item, self, named);
  // A reset's sentence already says it came through a link ("with a reset link"): not twice.
  if (item.detail.through === "email-link" && item.type !== "PASSWORD_RESET") return `${sentence} (through the link in a security email)`;
  return typeof item.detail.via === "string" ? `${sentence} (through the API, ${item.detail.via})` : sentence;
}

/** " from 81.169.145.1 (near Berlin, Germany)", or "" without an address. */
const from = (item: ActivityItem) => (item.ip ? ` from ${item.ip}${item.location ? ` (near ${item.location})` : ""}` : "");

/** “Team Wiki”: the app an event names. */
const app = (d: Record<string, unknown>) => `“${typeof d.appName === "string" ? d.appName : "an app"}”`;
/** An app setting as the admin form labels it. */
const APP_SETTING_WORDS: Record<string, string> = {
  redirectUris: "redirect URIs",
  postLogoutRedirectUris: "post-logout redirect URIs",
  backchannelLogoutUri: "back-channel logout URI",
  firstParty: "first-party setting",
  scopes: "scopes",
};
/** An app's kind, as its history says it changed. */
const KIND_WORDS = { public: "public (no client secret)", confidential: "confidential (with a new client secret)" };
/** What an administrator did to an app that signed everyone out of it (APP_ACCESS_REMOVED's cause), said of “Wiki”. */
const APP_WIDE_CHANGES: Record<string, (app: string) => string> = {
  disabled: (a) => `disabled the app ${a}`,
  deleted: (a) => `deleted the app ${a}`,
  "made-public": (a) => `made the app ${a} ${KIND_WORDS.public}`,
  "made-confidential": (a) => `made the app ${a} ${KIND_WORDS.confidential}`,
};
/** "changed the redirect URIs and scopes of the app “Wiki”", "renamed the app “Old” to “New”", "made the app “Wiki” public — …". */
function appChanges(d: Record<string, unknown>): string {
  const changed = Array.isArray(d.changed) ? d.changed.filter((c): c is string => typeof c === "string") : null;
  // Rows written before the changes were recorded say only that it changed.
  if (!changed) return `changed the app ${app(d)}`;
  const parts: string[] = [];
  if (changed.includes("name") && typeof d.previousName === "string") parts.push(`renamed the app “${d.previousName}” to ${app(d)}`);
  if (d.kind === "public" || d.kind === "confidential") {
    const n = typeof d.signedOut === "number" ? d.signedOut : 0;
    parts.push(
      `made ${parts.length ? "it" : `the app ${app(d)}`} ${KIND_WORDS[d.kind]} — everyone was signed out of it (${plural(n, "sign-in")})`,
    );
  }
  const settings = changed.filter((c) => c in APP_SETTING_WORDS).map((c) => APP_SETTING_WORDS[c]!);
  if (settings.length)
    parts.push(parts.length ? `changed its ${listAnd(settings)}` : `changed the ${listAnd(settings)} of the app ${app(d)}`);
  return parts.length ? parts.join("; ") : `saved the app ${app(d)} without a change`;
}

/** " (your email address, your name)": what an app was allowed, in the consent page's words. */
const scopeList = (v: unknown) => {
  const words = (Array.isArray(v) ? v : []).map((s) => SCOPE_WORDS[String(s)]).filter(Boolean);
  return words.length ? ` (${words.join(", ")})` : "";
};
const SCOPE_WORDS: Record<string, string> = { email: "email address", profile: "name", offline_access: "staying signed in" };

/** "; also signed out of “Team Wiki” and “Grafana”": the apps the ended sessions were signed in to. */
const appsToo = (d: Record<string, unknown>) => {
  const apps = Array.isArray(d.apps) ? d.apps.filter((a): a is string => typeof a === "string") : [];
  return apps.length ? `; also signed out of ${listAnd(apps.map((a) => `“${a}”`))}` : "";
};

const tokensRevoked = (d: Record<string, unknown>) =>
  n(d.tokensRevoked) ? `, ${n(d.tokensRevoked)} API token${n(d.tokensRevoked) === 1 ? "" : "s"} revoked` : "";

function describeEvent(item: ActivityItem, self: string, named: boolean): string {
  const who = item.by === "you" ? self : item.by === "an administrator" ? (item.actorName ?? "An administrator") : "Devicekeeper";
  // Written for the reader: "your" to the user, "Carol's" to an administrator reading her history.
  const own = self === "You";
  const your = own ? "your" : `${self}'s`;
  const Your = own ? "Your" : `${self}'s`;
  const you = own ? "you" : self;
  const device = item.deviceName ?? "a device";
  const d = item.detail;
  // Whose account, for sentences that otherwise leave it implied: "" unless `named`.
  const onAccount = named ? ` on ${your} account` : "";
  switch (item.type) {
    case "SIGN_IN":
      return `${own ? "Signed" : `${self} signed`} in on ${device}${d.newDevice ? " (new device)" : ""}${from(item)}`;
    case "SIGN_IN_FAILED": {
      // One row per client and window, counting the attempts (server/auth/throttle.ts).
      const count = Math.max(1, n(d.count));
      const what = count === 1 ? "Failed sign-in attempt" : `${count} failed sign-in attempts`;
      const why =
        d.reason === "disabled"
          ? " while the account was disabled"
          : d.reason === "step-up"
            ? " (wrong password when confirming it)"
            : " (wrong password)";
      return `${what}${onAccount}${why}${from(item)}`;
    }
    case "SIGN_IN_PAUSED":
      // The account-wide ceiling on wrong passwords (server/auth/throttle.ts).
      return `Signing in${onAccount} from new devices was paused: ${n(d.failures)} wrong passwords from ${n(d.clients)} ${
        n(d.clients) === 1 ? "place" : "places"
      } in the last ${n(d.windowMinutes) >= 120 ? `${Math.round(n(d.windowMinutes) / 60)} hours` : n(d.windowMinutes) === 60 ? "hour" : `${n(d.windowMinutes)} minutes`}. Devices already signed in on could still sign in`;
    case "DEVICE_RECOGNIZED":
      return `${who} confirmed the new sign-in on ${device} (“This was me”)`;
    case "DEVICE_NOT_RECOGNIZED":
      return `${who} reported the sign-in on ${device} as not ${own ? "yours" : "theirs"} (“This wasn't me”): it was signed out — ${sessions(d.sessionsEnded)}${appsToo(d)}`;
    case "PASSWORD_RESET":
      return `${who} set a new password with a reset link — ${sessions(d.sessionsEnded)}${tokensRevoked(d)}${appsToo(d)}`;
    case "PASSWORD_RESET_REQUESTED":
      return `A password reset link was requested${named ? ` for ${your} account` : ""}${from(item)}`;
    case "EMAIL_PREFERENCES_CHANGED":
      return `${who} changed which security emails to receive`;
    case "SIGN_OUT":
      return `${own ? "Signed" : `${self} signed`} out of ${device}${appsToo(d)}`;
    case "DEVICE_UNTRUSTED":
      return `${who} signed out ${device} — ${sessions(d.sessionsEnded)}${appsToo(d)}`;
    case "DEVICE_INVALIDATED":
      return `${who} signed out ${device} and set it to be treated as new — ${sessions(d.sessionsEnded)}${appsToo(d)}`;
    case "DEVICE_DELETED":
      return `${who} removed ${device} from ${who === self && !own ? "their" : your} devices — ${sessions(d.sessionsEnded)}${appsToo(d)}`;
    case "DEVICE_LOST": {
      const factors = (Array.isArray(d.factors) ? d.factors : []).map((f) => `“${String(f)}”`);
      const removed = factors.length ? `; second factors removed: ${factors.join(", ")}` : "";
      return `${who} marked ${device} as lost — ${sessions(d.sessionsEnded)}${removed}${appsToo(d)}`;
    }
    case "DEVICE_RENAMED":
      return `${who} renamed ${typeof d.from === "string" ? d.from : "a device"} to ${typeof d.to === "string" ? d.to : device}`;
    case "SESSION_REVOKED":
      return `${who} signed out a session on ${device}${appsToo(d)}`;
    case "OTHER_SESSIONS_REVOKED":
      return `${who} signed out all other devices — ${sessions(d.sessionsEnded)}${appsToo(d)}`;
    case "TOTP_ADDED":
      return `${who} added the authenticator app “${String(d.name ?? "")}”`;
    case "TOTP_REMOVED":
      return `${who} removed the authenticator app “${String(d.name ?? "")}”`;
    case "AUTHENTICATOR_REMOVED":
      return `${who} removed the authenticator “${String(d.name ?? "")}”`;
    case "RECOVERY_CODES_GENERATED":
      return `${who} generated new recovery codes`;
    case "RECOVERY_CODE_USED":
      return `A recovery code was used to sign in${named ? ` to ${your} account` : ""} (${n(d.remaining)} left)`;
    case "MFA_CHALLENGE_FAILED":
      return d.denied
        ? `A sign-in request${named ? ` to ${your} account` : ""} was denied on a phone`
        : `A wrong two-step verification code was entered${onAccount}${from(item)}`;
    case "PASSWORD_CHANGED":
      return `${who} changed the password${d.signedOutOthers ? ` — ${sessions(d.sessionsEnded)} elsewhere${tokensRevoked(d)}${appsToo(d)}` : ""}`;
    case "MFA_RATE_LIMITED":
      return `Two-step verification${named ? ` for ${your} account` : ""} paused after too many wrong codes${item.ip ? ` (attempts from ${item.ip})` : ""}`;
    case "ADMIN_RESET_OATH":
      return `${who} reset ${your} authenticator apps`;
    case "ADMIN_RESET_PUSH":
      return `${who} reset ${your} push sign-in approvals`;
    case "ADMIN_DELETED_WEBAUTHN":
      return `${who} deleted ${your} passkey “${String(d.name ?? "")}”`;
    case "ADMIN_DELETED_BINDING":
      return `${who} deleted ${your} bound device “${String(d.name ?? "")}”`;
    case "ADMIN_REVOKED_RECOVERY_CODES":
      return `${who} revoked ${your} recovery codes`;
    case "ADMIN_ISSUED_TEMPORARY_ACCESS_CODE":
      return `${who} issued a temporary access code for ${your} account${d.replaced ? " (the earlier one stopped working)" : ""}`;
    case "ADMIN_ENDED_TEMPORARY_ACCESS_CODE":
      return `${who} ended ${your} temporary access code before it was used`;
    case "TEMPORARY_ACCESS_CODE_USED":
      return `A temporary access code was used to sign in${named ? ` to ${your} account` : ""}${from(item)}`;
    case "ADMIN_SIGNED_OUT_EVERYWHERE":
      return `${who} signed ${you} out everywhere — ${sessions(d.sessionsEnded)}${tokensRevoked(d)}${appsToo(d)}`;
    case "ADMIN_DISABLED_USER":
      return `${who} disabled ${your} account — ${sessions(d.sessionsEnded)}${tokensRevoked(d)}${appsToo(d)}`;
    case "ADMIN_SET_SESSION_LIMIT":
      return `${who} ${d.to === null || d.to === undefined ? `removed ${your} session limit` : `limited ${you} to ${n(d.to)} ${n(d.to) === 1 ? "session" : "sessions"} at once`}`;
    case "SESSION_LIMIT_REACHED":
      return `${Your} ${n(d.sessionsEnded) === 1 ? "oldest session was" : `${n(d.sessionsEnded)} oldest sessions were`} signed out: an administrator allows ${n(d.limit)} at once${appsToo(d)}`;
    case "ADMIN_ENABLED_USER":
      return `${who} enabled ${your} account`;
    case "STEP_UP":
      return own ? "You confirmed your password" : `${self} confirmed their password`;
    case "PASSKEY_ADDED":
      return `${who} added the passkey “${String(d.name ?? "")}”`;
    case "PUSH_REGISTERED":
      return `${who} registered “${String(d.name ?? "")}” for push sign-in approvals`;
    case "BINDING_REGISTERED":
      return `${who} bound the device “${String(d.name ?? "")}”`;
    case "API_TOKEN_CREATED":
      return `${who} created the personal access token “${String(d.name ?? "")}”`;
    case "API_TOKEN_REVOKED":
      return `${who} revoked the personal access token “${String(d.name ?? "")}”`;
    case "SERVER_KEY_CREATED":
      return `${who} created the server API key “${String(d.name ?? "")}”`;
    case "SERVER_KEY_REVOKED":
      return `${who} revoked the server API key “${String(d.name ?? "")}”`;
    case "WEBHOOK_ENDPOINT_CREATED":
      return typeof d.url === "string" ? `${who} added the webhook endpoint ${d.url}` : `${who} added a webhook endpoint`;
    case "WEBHOOK_ENDPOINT_ENABLED":
      return `${who} enabled a webhook endpoint`;
    case "WEBHOOK_ENDPOINT_DISABLED":
      return `${who} disabled a webhook endpoint`;
    case "WEBHOOK_ENDPOINT_DELETED":
      return `${who} deleted a webhook endpoint`;
    case "WEBHOOK_SECRET_ROTATED":
      return `${who} rotated the signing secret of a webhook endpoint`;
    case "WEBHOOK_TEST_SENT":
      return `${who} sent a test event to a webhook endpoint`;
    case "WEBHOOK_REDELIVERED":
      return `${who} sent a webhook delivery again`;
    case "APP_AUTHORIZED":
      // A first-party app (an administrator's flag) asks no one: nobody "allowed" it.
      if (d.firstParty === true)
        return `${app(d)} got access to ${your} account${scopeList(d.scopes)}: the organisation's own app, allowed without asking`;
      return `${who} allowed ${app(d)} to sign ${own ? "you" : who === self ? "them" : you} in${scopeList(d.scopes)}`;
    case "APP_SIGNED_IN":
      return `${own ? "Signed" : `${self} signed`} in to ${app(d)} on ${device}${from(item)}`;
    case "APP_SIGNED_OUT":
      // The app's own sign-out, "of this app only": Devicekeeper and the other apps stay signed in.
      return `${own ? "Signed" : `${self} signed`} out of ${app(d)} on ${device}, from the app (still signed in to Devicekeeper there)`;
    case "APP_ACCESS_REMOVED":
      // For everyone at once, by an administrator's change to the app itself: which change.
      if (typeof d.cause === "string" && d.cause in APP_WIDE_CHANGES)
        return `${who} ${APP_WIDE_CHANGES[d.cause]!(app(d))} — ${you} ${own ? "were" : "was"} signed out of it on every device`;
      return `${who} removed access for ${app(d)} — signed out of it on every device`;
    case "APP_TOKEN_REPLAYED":
      // The provider revoked the grant: a spent code or refresh token was presented again.
      return `${app(d)} was signed out on ${device}${onAccount}: a ${d.grantType === "authorization_code" ? "sign-in code" : "token"} it had already used came back${from(item)} — someone may have a copy, so nothing from that sign-in works any more`;
    case "APP_CREATED":
      return `${who} added the app ${app(d)}`;
    case "APP_UPDATED":
      return `${who} ${appChanges(d)}`;
    case "APP_SECRET_ROTATED":
      return `${who} replaced the client secret of ${app(d)}`;
    case "APP_DISABLED":
      return `${who} disabled the app ${app(d)} — everyone was signed out of it`;
    case "APP_ENABLED":
      return `${who} enabled the app ${app(d)}`;
    case "APP_DELETED":
      return `${who} deleted the app ${app(d)} — everyone was signed out of it`;
    case "PUSH_DEVICE_ID_REFRESHED":
      return `${Your} authenticator app refreshed its push device id`;
    default:
      return `${who}: ${item.type.toLowerCase().replaceAll("_", " ")}`;
  }
}

/** The /activity filters: which kinds of event each one shows. "admin" is by actor, not by type. */
export const ACTIVITY_KINDS = {
  "sign-ins": {
    label: "Sign-ins",
    types: [
      "SIGN_IN",
      "SIGN_IN_FAILED",
      "SIGN_IN_PAUSED",
      "SIGN_OUT",
      "MFA_CHALLENGE_FAILED",
      "MFA_RATE_LIMITED",
      "RECOVERY_CODE_USED",
      "TEMPORARY_ACCESS_CODE_USED",
      "STEP_UP",
    ],
  },
  devices: {
    label: "Device and session changes",
    types: [
      "DEVICE_CREATED",
      "DEVICE_RENAMED",
      "DEVICE_UNTRUSTED",
      "DEVICE_INVALIDATED",
      "DEVICE_DELETED",
      "DEVICE_LOST",
      "DEVICE_RECOGNIZED",
      "DEVICE_NOT_RECOGNIZED",
      "SESSION_REVOKED",
      "OTHER_SESSIONS_REVOKED",
      "SESSION_LIMIT_REACHED",
    ],
  },
  "second-factors": {
    label: "Second factors",
    types: [
      "TOTP_ADDED",
      "TOTP_REMOVED",
      "PASSKEY_ADDED",
      "AUTHENTICATOR_REMOVED",
      "DEVICE_LOST",
      "RECOVERY_CODES_GENERATED",
      "PUSH_REGISTERED",
      "BINDING_REGISTERED",
      "PUSH_DEVICE_ID_REFRESHED",
      "ADMIN_ISSUED_TEMPORARY_ACCESS_CODE",
      "ADMIN_ENDED_TEMPORARY_ACCESS_CODE",
      "TEMPORARY_ACCESS_CODE_USED",
    ],
  },
  tokens: { label: "Tokens", types: ["API_TOKEN_CREATED", "API_TOKEN_REVOKED"] },
  apps: { label: "Apps", types: ["APP_AUTHORIZED", "APP_SIGNED_IN", "APP_SIGNED_OUT", "APP_ACCESS_REMOVED", "APP_TOKEN_REPLAYED"] },
  admin: { label: "By an administrator", types: [] },
} as const satisfies Record<string, { label: string; types: readonly string[] }>;
export type ActivityKind = keyof typeof ACTIVITY_KINDS;

const DAY_MS = 86_400_000;

/** The filter's dates as instants: whole UTC days, both ends included (`lt` is the day after `to`). */
export function activityDateRange(filter: { from?: string; to?: string }): { gte?: Date; lt?: Date } {
  return {
    ...(filter.from ? { gte: new Date(`${filter.from}T00:00:00Z`) } : {}),
    ...(filter.to ? { lt: new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + DAY_MS) } : {}),
  };
}

/** A failed attempt: shown highlighted. */
export const isFailure = (type: string) =>
  type === "SIGN_IN_FAILED" || type === "SIGN_IN_PAUSED" || type === "MFA_CHALLENGE_FAILED" || type === "MFA_RATE_LIMITED";
