/** The scopes an app may be allowed, in the words users read on the consent page. */
export const APP_SCOPES = {
  openid: "Sign you in with your Devicekeeper account",
  profile: "See your name",
  email: "See your email address",
  offline_access: "Stay signed in while you are away",
} as const;
export type AppScope = keyof typeof APP_SCOPES;
export const APP_SCOPE_NAMES = Object.keys(APP_SCOPES) as AppScope[];

/** An app with access to a user's account, as their connected-apps page shows it. */
export type ConnectedApp = {
  clientId: string;
  name: string;
  scopes: string[];
  firstUsedAt: string;
  lastUsedAt: string;
  /** The user's devices it is signed in on. */
  devices: { id: string; name: string }[];
};

/** What a scope lets an app do, in the consent page's words. */
export const scopeWords = (scope: string) => APP_SCOPES[scope as AppScope] ?? scope;

/** "Sees the name and email address; stays signed in while away": what an app was allowed, for lists. */
export function accessSummary(scopes: string[]): string {
  const seen = [scopes.includes("profile") && "name", scopes.includes("email") && "email address"].filter(Boolean);
  const parts = [
    seen.length ? `Sees the ${seen.join(" and ")}` : "Signs in only",
    scopes.includes("offline_access") && "stays signed in while away",
  ];
  return parts.filter(Boolean).join("; ");
}

/** Which back-channel logout URIs the server accepts (server/oidc/app-uri-policy.ts), for the app form's hint. */
export type LogoutUriScope = "any" | "public-or-loopback" | "public";

/** The app form's hint on where its back-channel logout URI may point. */
export const LOGOUT_URI_REACH: Record<LogoutUriScope, string> = {
  any: "It may be any address this server can reach: private addresses are allowed here.",
  "public-or-loopback": "It must be reachable at a public address, or on this machine (localhost) while in development.",
  public: "It must be a public https:// address.",
};

/** What the app form and the apps API say of a required field left empty (one wording for both). */
export const APP_NAME_MISSING = "Enter the app's name";
export const atLeastOne = (what: string) => `Enter at least one ${what}`;
