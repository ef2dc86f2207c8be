/**
 * Where the browser goes after signing in: `?next=` when it is a path of this site (one leading
 * slash, no scheme, no backslash, no control characters — never another origin), else /devices.
 * An app signing in through Devicekeeper sends /oidc/interaction/{uid} here.
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== "string" || next.length > 512) return HOME_PATH;
  return /^\/(?![/\\])[^\\\s\x00-\x1f\x7f]*$/.test(next) ? next : HOME_PATH;
}

/** Where signing in leads when nothing else was asked for. */
export const HOME_PATH = "/devices";

/**
 * `next` as a query string to carry from page to page ("?next=…"), or "" when it is the default:
 * an app's sign-in survives a detour through "Forgot your password?".
 */
export function nextQuery(next: unknown, prefix = "?"): string {
  const path = safeNextPath(next);
  return path === HOME_PATH ? "" : `${prefix}${new URLSearchParams({ next: path })}`;
}

/** The provider interaction a `next` path continues, if it is one. */
export function interactionOf(next: string): string | null {
  return /^\/oidc\/interaction\/([A-Za-z0-9_-]{1,64})$/.exec(next)?.[1] ?? null;
}
