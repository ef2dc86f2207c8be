let leaving = false;
// A page brought back from the back/forward cache is a page again: its fetches run.
if (typeof window !== "undefined") window.addEventListener("pageshow", (e) => void (e.persisted && (leaving = false)));

/**
 * A full page load, on purpose, when who is signed in changes (sign-in, or this browser's session
 * ended): it drops every client cache (react-query, the router's), so one account's data can never
 * be shown to the next account in the same tab.
 */
export function hardNavigate(path: string): void {
  leaving = true;
  window.location.href = path;
}

/** True once `hardNavigate` has started leaving: a fetch made now would only answer 401. */
export function isLeaving(): boolean {
  return leaving;
}
