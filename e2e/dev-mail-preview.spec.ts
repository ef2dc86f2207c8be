// The dev outbox's HTML preview (components/dev/mail-html-preview.tsx) is as tall as its message: a
// fixed 32rem cut long ones off. /dev/mail exists only under `npm run dev` and this suite runs the
// production build, so this runs the preview's own measuring function (components/dev/frame-height.ts)
// in Chromium, on a frame sandboxed as the preview's is, at a phone's width and a desktop's.
import { expect, test } from "@playwright/test";
import { FRAME_BORDER_PX, frameHeight } from "../components/dev/frame-height";

const message = `<!doctype html><html><body style="margin:0;padding:24px;font:16px/1.5 sans-serif">
  ${Array.from({ length: 40 }, (_, i) => `<p>Line ${i + 1} of a long security email, wrapping on a narrow screen as it would in a mail client.</p>`).join("")}
  <p id="last">The end of the message.</p></body></html>`;
const attribute = (text: string) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;");

for (const width of [375, 1280]) {
  test(`at ${width} px the whole message shows, nothing cut off and no scrollbar inside`, async ({ page }) => {
    await page.setViewportSize({ width, height: 740 });
    await page.setContent(
      `<!doctype html><html><body style="margin:0">
        <iframe title="HTML version" sandbox="allow-popups allow-same-origin" style="display:block;width:100%;height:32rem;border:1px solid;box-sizing:border-box"
          srcdoc="${attribute(message)}"></iframe></body></html>`,
    );
    await page.addScriptTag({ content: `window.frameHeight = ${frameHeight.toString()};` });
    const frame = page.locator("iframe");
    await expect.poll(() => frame.evaluate((el: HTMLIFrameElement) => el.contentDocument?.getElementById("last") !== null)).toBe(true);

    const needed = await frame.evaluate((el: HTMLIFrameElement) =>
      (window as unknown as { frameHeight: (f: HTMLIFrameElement) => number | null }).frameHeight(el),
    );
    // Longer than the old fixed height, so the check below would fail with it.
    expect(needed).toBeGreaterThan(32 * 16);
    await frame.evaluate((el: HTMLIFrameElement, h: number) => (el.style.height = `${h}px`), needed! + FRAME_BORDER_PX);

    const fit = await frame.evaluate((el: HTMLIFrameElement) => {
      const doc = el.contentDocument!;
      return {
        inner: el.contentWindow!.innerHeight,
        scroll: doc.documentElement.scrollHeight,
        lastBottom: doc.getElementById("last")!.getBoundingClientRect().bottom,
      };
    });
    expect(fit.scroll, "no scrollbar inside the frame").toBeLessThanOrEqual(fit.inner);
    expect(fit.lastBottom, "the last line is inside the frame").toBeLessThanOrEqual(fit.inner);
  });
}
