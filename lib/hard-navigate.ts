/**
 * A full page load, on purpose, when who is signed in changes (sign-in, or this browser's session
 * ended): it drops every client cache (react-query, the router's), so one account's data can never
 * be shown to the next account in the same tab.
 */
export function hardNavigate(path: string): void {
  window.location.href = path;
}
