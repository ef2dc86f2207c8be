import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { chooseDeviceAction } from "./support/devices";
import { Webhook } from "standardwebhooks";
import { createUser, devicesOf, sql } from "./support/db";
import { signInOverHttp, signOutViaMenu, UA } from "./support/auth";
import { createAuthenticator } from "./support/api";
import { axeViolations } from "./support/axe";

/** A receiver on loopback: every request, as received. */
type Received = { path: string; headers: Record<string, string>; body: string };
const received: Received[] = [];
const receiver = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c: Buffer) => (body += c));
  req.on("end", () => {
    received.push({ path: req.url ?? "", headers: req.headers as Record<string, string>, body });
    res.writeHead(204).end();
  });
});
let base = "";
test.beforeAll(async () => {
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
test.afterAll(() => void receiver.close());

const dialog = (page: Page) => page.getByRole("alertdialog");
async function confirm(page: Page, button: string) {
  await dialog(page).getByRole("button", { name: button }).click();
  await expect(dialog(page)).toBeHidden();
}

test("an admin adds an endpoint; a device deletion, an MFA reset and a sign-out each arrive once, signed", async ({ browser }) => {
  test.setTimeout(120_000);
  const path = `/hook/${crypto.randomUUID()}`;
  const admin = await createUser({ role: "ADMIN", name: "Ada Admin" });
  const adminContext = await browser.newContext();
  await signInOverHttp(adminContext, admin);
  const adminPage = await adminContext.newPage();

  // Add the endpoint through the admin page: the secret is shown once.
  await adminPage.goto("/admin/webhooks");
  await adminPage.getByLabel("URL").fill(base + path);
  await adminPage.getByLabel(/What it is for/).fill("e2e receiver");
  await adminPage.getByRole("button", { name: "Add endpoint" }).click();
  await expect(adminPage.getByRole("heading", { name: "Copy the endpoint's signing secret now" })).toBeFocused();
  const secret = await adminPage.getByRole("textbox", { name: "Signing secret" }).inputValue();
  expect(secret).toMatch(/^whsec_/);
  await adminPage.getByRole("button", { name: "Done, I have saved it" }).click();
  const link = adminPage.getByRole("link", { name: base + path });
  await expect(link).toBeVisible();

  // A user on two browsers: A deletes B; an admin resets A's authenticator app; A signs out.
  const user = await createUser({ name: "Bob Webhook" });
  const a = await browser.newContext({ userAgent: UA.mac });
  const b = await browser.newContext({ userAgent: UA.linux });
  await signInOverHttp(a, user);
  await signInOverHttp(b, user);
  await createAuthenticator(user.id, "TOTP"); // after signing in: with it, sign-in would ask for a code
  const [, deviceB] = await devicesOf(user.id);
  const pageA = await a.newPage();
  await pageA.goto("/devices");
  await chooseDeviceAction(pageA, deviceB!.id, "Remove from your devices");
  await confirm(pageA, "Remove device");

  await adminPage.goto(`/admin/users/${user.id}`);
  await adminPage.getByRole("button", { name: "Reset authenticator apps" }).click();
  await confirm(adminPage, "Reset authenticator apps");
  await expect(adminPage.getByRole("status")).toContainText(/reset/i);

  await signOutViaMenu(pageA);
  await expect(pageA).toHaveURL(/\/sign-in/);

  // Everything for this user arrives, signed with the secret shown once.
  const mine = () =>
    received
      .filter((r) => r.path === path)
      .map((r) => {
        new Webhook(secret).verify(r.body, r.headers); // throws on a bad signature
        return { id: r.headers["webhook-id"], ...(JSON.parse(r.body) as { type: string; data: Record<string, unknown> }) };
      })
      .filter((e) => e.data.user_id === user.id);
  const label = (e: { type: string; data: Record<string, unknown> }) => `${e.type}${e.data.reason ? `:${String(e.data.reason)}` : ""}`;
  const wanted = ["device.deleted", "session.revoked:device_deleted", "mfa.authenticator.reset", "session.revoked:signed_out"];
  await expect.poll(() => wanted.filter((w) => mine().some((e) => label(e) === w)), { timeout: 30_000 }).toEqual(wanted);
  await new Promise((r) => setTimeout(r, 2_500)); // anything sent twice would have come by now
  const events = mine();
  for (const w of wanted)
    expect(
      events.filter((e) => label(e) === w),
      w,
    ).toHaveLength(1);
  expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  const reset = events.find((e) => e.type === "mfa.authenticator.reset")!;
  expect(reset.data).toMatchObject({ kind: "totp", actor: { type: "admin", id: admin.id } });
  const deleted = events.find((e) => e.type === "device.deleted")!;
  expect(deleted.data).toMatchObject({ device_id: deviceB!.id, actor: { type: "user", id: user.id } });

  // The endpoint's page lists the deliveries; a test event arrives and shows as delivered.
  await adminPage.goto("/admin/webhooks");
  await link.click();
  await expect(adminPage.getByRole("heading", { name: base + path })).toBeVisible();
  await expect(adminPage.getByText("device.deleted").first()).toBeVisible();
  await adminPage.getByRole("button", { name: "Send test event" }).click();
  await confirm(adminPage, "Send test event");
  await expect.poll(() => received.filter((r) => r.path === path && r.body.includes('"webhook.test"')).length, { timeout: 15_000 }).toBe(1);
  const deliveries = adminPage.getByRole("region", { name: "Latest deliveries" });
  await expect(deliveries.getByRole("listitem").filter({ hasText: "webhook.test" }).getByText("Delivered")).toBeVisible({
    timeout: 15_000,
  });

  // Deleting it: nothing more is sent, and it is gone from the list.
  await adminPage.getByRole("button", { name: "Delete", exact: true }).click();
  await confirm(adminPage, "Delete endpoint");
  await expect(adminPage).toHaveURL(/\/admin\/webhooks$/);
  await expect(adminPage.getByRole("link", { name: base + path })).toHaveCount(0);
  const { rows } = await sql().query(`SELECT count(*)::int AS n FROM "WebhookEndpoint" WHERE url = $1`, [base + path]);
  expect(rows[0].n).toBe(0);
});

test("the endpoint form refuses an address the server must not call, and says why", async ({ browser }) => {
  const admin = await createUser({ role: "ADMIN" });
  const context = await browser.newContext();
  await signInOverHttp(context, admin);
  const page = await context.newPage();
  await page.goto("/admin/webhooks");
  await page.getByLabel("URL").fill("ftp://example.com/x");
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Enter an http:// or https:// URL");
  await expect(page.getByLabel("URL")).toHaveAttribute("aria-invalid", "true");
  await page.getByRole("checkbox", { name: /All events/ }).uncheck();
  await page.getByLabel("URL").fill("https://93.184.215.14/x");
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Choose at least one event");
});

test("the webhook pages pass axe (WCAG 2.1 AA) and fit a phone-sized screen", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await signInOverHttp(page.context(), await createUser({ role: "ADMIN" }));
  await page.goto("/admin/webhooks");
  await page.getByRole("checkbox", { name: /All events/ }).uncheck(); // the event list, too
  expect(await axeViolations(page)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  const { rows } = await sql().query<{ id: string }>(
    `INSERT INTO "WebhookEndpoint" (id, url, events, enabled, "secretEnc", "updatedAt", "disabledReason")
     VALUES (gen_random_uuid(), 'https://93.184.215.14/axe', '{session.*}', false, 'v1.x', now(), 'Turned off: every delivery failed for 3 days (last: HTTP 500).')
     RETURNING id`,
  );
  try {
    await page.goto(`/admin/webhooks/${rows[0]!.id}`);
    await expect(page.getByText(/every delivery failed for 3 days/)).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  } finally {
    await sql().query(`DELETE FROM "WebhookEndpoint" WHERE id = $1`, [rows[0]!.id]);
  }
});
