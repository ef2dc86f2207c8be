// /admin/activity: everyone's events for administrators — written for the reader, filters kept in
// the URL (a round trip through the form and a reload), keyset pages older and newer, the CSV of
// the same filters — and a plain 404 for everyone else, page and download alike.
import crypto from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { createUser, sql, type TestUser } from "./support/db";
import { signInOverHttp } from "./support/auth";
import { axeViolations } from "./support/axe";

const DAY = 86_400_000;

/**
 * Users of this test alone (a tag in their names) and days of its own far in the future: the log
 * is everyone's, and other tests write to it at the same time.
 */
async function world() {
  const tag = crypto.randomUUID().slice(0, 6);
  const start = Date.UTC(2150, 0, 1) + crypto.randomInt(0, 20_000) * 5 * DAY;
  const day = (i: number) => new Date(start + i * DAY).toISOString().slice(0, 10);
  const at = (i: number, seconds: number) => new Date(start + i * DAY + seconds * 1000);
  const [ada, carol, bob] = await Promise.all([
    createUser({ role: "ADMIN", name: `Ada ${tag}` }),
    createUser({ name: `Carol ${tag}` }),
    createUser({ name: `Bob ${tag}` }),
  ]);
  const event = (subject: TestUser, actor: TestUser, type: string, createdAt: Date, detail: object = {}, ip: string | null = null) =>
    sql().query(
      `INSERT INTO "AuditEvent" (id, "actorId", "userId", type, ip, detail, "createdAt") VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6)`,
      [actor.id, subject.id, type, ip, JSON.stringify(detail), createdAt],
    );
  // Day 0: a sign-in, a failed attempt, an administrator's reset. Day 1: a token. Day 2: 62 sign-outs to page through.
  await event(bob, bob, "SIGN_IN", at(0, 36_000), { deviceName: "Firefox on Linux", newDevice: false }, "198.51.100.7");
  await event(bob, bob, "SIGN_IN_FAILED", at(0, 36_060), { count: 2 }, "198.51.100.7");
  await event(carol, ada, "ADMIN_RESET_OATH", at(0, 39_600), { removed: 1 });
  await event(carol, carol, "API_TOKEN_CREATED", at(1, 32_400), { name: "ci" });
  // Three at each instant: the pages' boundary falls inside a tie.
  for (let i = 0; i < 62; i++) await event(bob, bob, "SIGN_OUT", at(2, Math.floor(i / 3)), { deviceName: `Laptop ${i}` });
  return { tag, day, ada, carol, bob };
}

const rowsOf = (page: Page) => page.getByRole("list", { name: "Audit log" }).locator(":scope > li");
const idsOf = (page: Page) => rowsOf(page).evaluateAll((li) => li.map((e) => e.getAttribute("data-event-id")));
const status = (page: Page) => page.getByRole("status").filter({ hasText: /\S/ });

test("an administrator reads everyone's events, filters them through the URL, pages and downloads them", async ({ browser }) => {
  const { tag, day, ada, carol, bob } = await world();
  const admin = await createUser({ role: "ADMIN" });
  const context = await browser.newContext();
  await signInOverHttp(context, admin);
  const page = await context.newPage();

  await page.goto("/admin");
  await page.getByRole("link", { name: "audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();

  // Day 0, everyone: each row names both people, for the reader; the failed attempt stands out.
  const day0 = `from=${day(0)}&to=${day(0)}`;
  await page.goto(`/admin/activity?${day0}`);
  await expect(rowsOf(page)).toHaveCount(3);
  await expect(rowsOf(page).nth(0)).toContainText(`Ada ${tag} reset Carol ${tag}'s authenticator apps`);
  await expect(rowsOf(page).nth(1)).toContainText(`2 failed sign-in attempts on Bob ${tag}'s account (wrong password) from 198.51.100.7`);
  await expect(rowsOf(page).nth(2)).toContainText(`Bob ${tag} signed in on Firefox on Linux from 198.51.100.7`);
  await expect(page.locator("li[data-failed]")).toHaveCount(1);
  await expect(page.locator('li[data-event-type="SIGN_IN_FAILED"]')).toHaveAttribute("data-failed", "true");
  await expect(rowsOf(page).nth(2)).toContainText("Device: Firefox on Linux");
  await expect(rowsOf(page).nth(2)).toContainText("IP 198.51.100.7");
  await expect(
    rowsOf(page)
      .nth(0)
      .getByRole("link", { name: `Carol ${tag}` }),
  ).toHaveAttribute("href", `/admin/users/${carol.id}`);
  await expect(
    rowsOf(page)
      .nth(0)
      .getByRole("link", { name: `Ada ${tag}` }),
  ).toHaveAttribute("href", `/admin/users/${ada.id}`);
  await expect(rowsOf(page).nth(0).locator("time")).toHaveAttribute("datetime", `${day(0)}T11:00:00.000Z`);

  // Through the form: who did it (an email) and a kind; the empty field leaves the URL tidy; a reload keeps it all.
  await page.getByLabel("Done by").fill(ada.email);
  await page.getByLabel("Show").selectOption({ label: "By an administrator" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/activity\\?actor=${encodeURIComponent(ada.email)}&kind=admin&${day0}$`));
  await expect(rowsOf(page)).toHaveCount(1);
  await page.reload();
  await expect(page.getByLabel("Done by")).toHaveValue(ada.email);
  await expect(page.getByLabel("Show")).toHaveValue("admin");
  await expect(page.getByLabel("From")).toHaveValue(day(0));
  await expect(status(page)).toHaveText("The only event matching these filters.");

  // Whose account, by name; sign-ins only, over two days.
  await page.getByLabel("Done by").fill("");
  await page.getByLabel("Account", { exact: true }).fill(`bob ${tag}`);
  await page.getByLabel("Show").selectOption({ label: "Sign-ins" });
  await page.getByLabel("To").fill(day(1));
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`\\?subject=bob\\+${tag}&kind=sign-ins&from=${day(0)}&to=${day(1)}$`));
  await expect(rowsOf(page)).toHaveCount(2);
  await expect(status(page)).toHaveText("All 2 events matching these filters.");

  // Text that fits several accounts offers them; choosing one filters by its email.
  await page.goto(`/admin/activity?subject=${tag}&from=${day(0)}&to=${day(1)}`);
  await expect(page.getByText(`Account: “${tag}” matches more than one account. Choose one:`)).toBeVisible();
  await expect(status(page)).toHaveText("Nothing matches these filters.");
  await page.getByRole("link", { name: `Carol ${tag} (${carol.email})` }).click();
  await expect(page).toHaveURL(new RegExp(`\\?subject=${encodeURIComponent(carol.email)}&from=${day(0)}&to=${day(1)}$`));
  await expect(rowsOf(page)).toHaveCount(2);
  await expect(rowsOf(page).nth(0)).toContainText(`Carol ${tag} created the personal access token “ci”`);
  await page.goto(`/admin/activity?actor=nobody-${tag}%40example.org`);
  await expect(page.getByText(`Done by: no account matches “nobody-${tag}@example.org”.`)).toBeVisible();

  // Pages: 50, then the 12 older ones, then back; the filters stay in every link.
  const paged = `subject=${encodeURIComponent(bob.email)}&from=${day(2)}&to=${day(2)}`;
  await page.goto(`/admin/activity?${paged}`);
  await expect(rowsOf(page)).toHaveCount(50);
  await expect(status(page)).toHaveText("The newest 50 events matching these filters.");
  const first = await idsOf(page);
  const pages = page.getByRole("navigation", { name: "Pages of the audit log" });
  await expect(pages.getByRole("link", { name: "Newer" })).toHaveCount(0);
  await pages.getByRole("link", { name: "Older" }).click();
  await expect(page).toHaveURL(new RegExp(`\\?${paged}&after=[\\w-]+$`));
  await expect(rowsOf(page)).toHaveCount(12);
  await expect(status(page)).toHaveText("12 older events matching these filters.");
  const second = await idsOf(page);
  expect(new Set([...first, ...second]).size).toBe(62);
  await expect(pages.getByRole("link", { name: "Older" })).toHaveCount(0);
  await pages.getByRole("link", { name: "Newer" }).click();
  await expect(page).toHaveURL(new RegExp(`\\?${paged}&before=[\\w-]+$`));
  await expect(rowsOf(page)).toHaveCount(50);
  expect(await idsOf(page)).toEqual(first);
  await expect(pages.getByRole("link", { name: "Back to newest" })).toHaveCount(0);
  // An edited cursor is no page of the log.
  expect((await page.goto(`/admin/activity?${paged}&after=bm90LWEtY3Vyc29y`))?.status()).toBe(404);
  expect((await page.goto(`/admin/activity?after=x&before=y`))?.status()).toBe(404);
  // An edited filter that means nothing leaves the URL; dates the wrong way round say so, and offer to swap them.
  await page.goto(`/admin/activity?kind=nonsense&${paged}&device=not-a-device`);
  await expect(page).toHaveURL(new RegExp(`\\?${paged}$`));
  await page.goto(`/admin/activity?subject=${encodeURIComponent(bob.email)}&from=${day(2)}&to=${day(1)}`);
  await expect(status(page)).toHaveText(`Nothing can match: “From” (${day(2)}) is after “To” (${day(1)}).`);
  await page.getByRole("link", { name: "Swap the dates" }).click();
  await expect(page).toHaveURL(new RegExp(`from=${day(1)}&to=${day(2)}$`));
  await expect(rowsOf(page).first()).toBeVisible();

  // The CSV: the same filters, every matching row (not only a page), both people named.
  const csv = await page.request.get(`/admin/activity/export?${paged}`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  expect(csv.headers()["content-disposition"]).toMatch(/^attachment; filename="devicekeeper-audit-log-\d{4}-\d{2}-\d{2}\.csv"$/);
  expect((await csv.text()).trim().split("\r\n")).toHaveLength(63);
  const lines = (await (await page.request.get(`/admin/activity/export?${day0}`)).text())
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n");
  expect(lines[0]).toBe(
    "time (UTC),event,what happened,account,account email,done by,done by email,device,IP address,approximate place,unusual country",
  );
  expect(lines.slice(1).map((l) => l.split(",").slice(0, 2))).toEqual([
    [`${day(0)}T11:00:00.000Z`, "ADMIN_RESET_OATH"],
    [`${day(0)}T10:01:00.000Z`, "SIGN_IN_FAILED"],
    [`${day(0)}T10:00:00.000Z`, "SIGN_IN"],
  ]);
  expect(lines[1]).toContain(`,Carol ${tag},${carol.email},Ada ${tag},${ada.email},`);
  await context.close();
});

test("a real sign-in shows up under the account's name, and the user page links to its history", async ({ browser }) => {
  const bob = await createUser({ name: "Bob Real" });
  const admin = await createUser({ role: "ADMIN" });
  const bobs = await browser.newContext();
  await signInOverHttp(bobs, bob);
  const context = await browser.newContext();
  await signInOverHttp(context, admin);
  const page = await context.newPage();
  await page.goto(`/admin/users/${bob.id}`);
  await page.getByRole("link", { name: "All of Bob Real's history in the audit log" }).click();
  await expect(page).toHaveURL(`/admin/activity?subject=${encodeURIComponent(bob.email)}`);
  await expect(rowsOf(page)).toHaveCount(1);
  // An exact match needs no note: no (empty) warning box above the list.
  await expect(page.locator("main .border-warning-line")).toHaveCount(0);
  await expect(rowsOf(page).first()).toContainText(/^Bob Real signed in on .+ \(new device\) from /);
  await Promise.all([bobs.close(), context.close()]);
});

test("is a 404 to anyone but an administrator, page and download alike; the download wants a session", async ({ browser }) => {
  const user = await createUser();
  const context = await browser.newContext();
  await signInOverHttp(context, user);
  const page = await context.newPage();
  const res = await page.goto("/admin/activity");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByText("Audit log")).toHaveCount(0);
  const download = await context.request.get("/admin/activity/export");
  expect([download.status(), await download.text()]).toEqual([404, "Not found."]);
  const anonymous = await browser.newContext();
  expect((await anonymous.request.get("/admin/activity/export")).status()).toBe(401);
  await Promise.all([context.close(), anonymous.close()]);
});

test("on a phone-sized screen: no axe violations, nothing scrolls sideways", async ({ page }) => {
  const { tag, day } = await world();
  await page.setViewportSize({ width: 375, height: 740 });
  await signInOverHttp(page.context(), await createUser({ role: "ADMIN" }));
  for (const path of [
    `/admin/activity?from=${day(0)}&to=${day(2)}`,
    `/admin/activity?subject=${tag}`,
    "/admin/activity?from=2000-01-01&to=2000-01-01",
  ]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
    const violations = await axeViolations(page);
    expect(violations, path).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(375);
  }
});
