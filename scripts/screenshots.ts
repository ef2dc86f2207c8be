// `npm run docs:screenshots`: the pictures in README.md and docs/, taken from the demo data so
// anyone can take them again. Start the dashboard on a fresh embedded database first —
//   rm -rf .data && npm run dev
// — then, in a second terminal, `npm run docs:screenshots` (or `… -- http://host:port` for another
// address). It signs
// in as the demo users over HTTP, in Debian's Chromium, and writes:
//   docs/devices.png                         alice's /devices at 1280 px, light
//   docs/screenshots/devices-phone.png       the same at 390 × 844, light
//   docs/screenshots/devices-dark-phone.png  the same at 390 × 844, dark
//   docs/screenshots/new-device-email.png    the "new device" email that sign-in sent, as /dev/mail shows it
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";

const BASE = (process.argv[2] ?? "http://localhost:3000").replace(/\/$/, "");
const OUT = path.join(process.cwd(), "docs");
const PASSWORD = "devicekeeper";
// A fixed browser, so the cards read the same on every machine.
const UA = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36";
// Next's development badge is not part of the page.
const HIDE_DEV_BADGE = "nextjs-portal { display: none !important; }";

async function signIn(context: BrowserContext, email: string) {
  const { csrfToken } = (await (await context.request.get(`${BASE}/api/auth/csrf`)).json()) as { csrfToken: string };
  const res = await context.request.post(`${BASE}/api/auth/callback/credentials`, {
    form: { csrfToken, email, password: PASSWORD, json: "true" },
  });
  const me = await context.request.get(`${BASE}/api/me`);
  if (!res.ok() || me.status() !== 200)
    throw new Error(`Could not sign in as ${email}: is the demo data loaded (rm -rf .data && npm run dev)?`);
}

async function settle(page: Page) {
  await page.addStyleTag({ content: HIDE_DEV_BADGE });
  await page.waitForLoadState("networkidle");
  // Fonts and the list's first refresh.
  await page.evaluate(() => document.fonts.ready);
}

type State = Awaited<ReturnType<BrowserContext["storageState"]>>;

/** alice, signed in once: every picture of her devices is taken from that one browser. */
async function aliceSignedIn(browser: Browser): Promise<State> {
  const context = await browser.newContext({ userAgent: UA });
  await signIn(context, "alice@example.com");
  const state = await context.storageState();
  await context.close();
  return state;
}

async function devices(
  browser: Browser,
  storageState: State,
  file: string,
  viewport: { width: number; height: number },
  colorScheme: "light" | "dark",
) {
  const context = await browser.newContext({
    storageState,
    viewport,
    colorScheme,
    userAgent: UA,
    deviceScaleFactor: 1,
    locale: "en-GB",
    timezoneId: "Europe/Berlin",
  });
  const page = await context.newPage();
  await page.goto(`${BASE}/devices`);
  await page.getByRole("heading", { level: 1 }).waitFor();
  await settle(page);
  await page.screenshot({ path: path.join(OUT, file), fullPage: viewport.width > 800 });
  await context.close();
  console.log(`✔ docs/${file}`);
}

async function newDeviceEmail(browser: Browser) {
  // alice's sign-in above was on a browser she had not used: the app emailed her "new device".
  // The outbox, as this machine (loopback) sees it in development.
  const context = await browser.newContext({ viewport: { width: 640, height: 800 } });
  const page = await context.newPage();
  let html: string | null = null;
  for (let i = 0; i < 30 && !html; i++) {
    const res = await page.goto(`${BASE}/dev/mail`);
    if (res?.status() === 404) throw new Error("/dev/mail answered 404: take the screenshots from `npm run dev`, on this machine.");
    html = await page
      .locator('li[data-mail-kind="new-device"] iframe')
      .first()
      .getAttribute("srcdoc", { timeout: 1_000 })
      .catch(() => null);
    if (!html) await page.waitForTimeout(1_000);
  }
  if (!html) throw new Error("No new-device email reached /dev/mail within 30 s.");
  await page.setContent(html);
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: path.join(OUT, "screenshots/new-device-email.png"), fullPage: true });
  await context.close();
  console.log("✔ docs/screenshots/new-device-email.png");
}

async function main() {
  const executablePath = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p));
  const browser = await chromium.launch({
    executablePath,
    args: ["--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  try {
    const alice = await aliceSignedIn(browser);
    await devices(browser, alice, "devices.png", { width: 1280, height: 800 }, "light");
    await devices(browser, alice, "screenshots/devices-phone.png", { width: 390, height: 844 }, "light");
    await devices(browser, alice, "screenshots/devices-dark-phone.png", { width: 390, height: 844 }, "dark");
    await newDeviceEmail(browser);
  } finally {
    await browser.close();
  }
}

main().catch((e: unknown) => {
  console.error(`✖ ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
