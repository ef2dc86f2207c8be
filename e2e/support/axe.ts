import axe from "axe-core";
import type { Page } from "@playwright/test";

/** What every page is held to: WCAG 2.1, levels A and AA. */
const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

type WindowWithAxe = Window & { axe?: typeof axe };

/**
 * axe's WCAG 2.1 AA violations on the page as it stands (an empty list when there are none).
 *
 * axe-core is put into the document once and run there on each call, so the scans of one page in
 * both themes and at both widths share it. @axe-core/playwright's AxeBuilder, used before, put its
 * 500 KB into every frame again on each scan and opened a blank page to finish it: 1.2–1.8 s a
 * scan against 0.1–0.2 s this way, with the same findings (an image without alt text, a button
 * without a name, an unlabelled field and faint text, 2026-12-07). The pages scanned have no iframes.
 */
export async function axeViolations(page: Page): Promise<axe.Result[]> {
  if (!(await page.evaluate(() => !!(window as WindowWithAxe).axe))) await page.evaluate(axe.source);
  return page
    .evaluate(
      (tags) => (window as WindowWithAxe).axe!.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
      WCAG_21_AA,
    )
    .then((r) => r.violations);
}
