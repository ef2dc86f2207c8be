/**
 * A form posted by the browser itself before its page's script took it over is answered with a 303
 * back to the page (server/http/page-guards.ts) and this cookie, for that page only and for a
 * minute; the page, once its script runs, says nothing was sent and clears it (components/ui/toast.tsx).
 */
export const EARLY_POST_COOKIE = "dk.early-post";

export const EARLY_POST_MESSAGE = "The page was still loading when you pressed the button, so nothing was sent. Try again.";
