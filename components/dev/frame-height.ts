/**
 * The height an iframe needs to show its document whole, in CSS pixels, or null before it has laid
 * out (no width yet, or not same-origin). The <html> box of a standards-mode document is as tall as
 * its content, whatever the frame's height. Self-contained (no imports, no closures), so the e2e
 * suite runs this very function in Chromium (e2e/dev-mail-preview.spec.ts).
 */
export function frameHeight(frame: HTMLIFrameElement): number | null {
  const root = frame.contentDocument?.documentElement;
  if (!root || frame.clientWidth === 0) return null;
  return Math.ceil(root.getBoundingClientRect().height);
}

/** What the frame adds around its document: its border, top and bottom (1 px each), and a pixel of slack each. */
export const FRAME_BORDER_PX = 4;
