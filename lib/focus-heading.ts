/**
 * After an action that leaves its page (a deleted app, a removed device: back to the list), focus
 * goes to the new page's main heading once it is there — not to the top of the document, where a
 * keyboard or screen-reader user would start again. Left alone if focus has found a place meanwhile.
 */
export function focusHeadingOnArrival(href: string, timeoutMs = 5_000) {
  const path = new URL(href, location.href).pathname;
  const before = document.querySelector("main h1");
  const started = performance.now();
  const look = () => {
    const heading = document.querySelector<HTMLElement>("main h1");
    if (location.pathname === path && heading && heading !== before) {
      const lost = !document.activeElement || document.activeElement === document.body;
      if (lost) {
        if (!heading.hasAttribute("tabindex")) heading.tabIndex = -1;
        heading.focus();
      }
      return;
    }
    if (performance.now() - started < timeoutMs) requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
}
