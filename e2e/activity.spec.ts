// /activity: filters kept in the URL (a round trip through the form and a reload), failed attempts
// highlighted, and the same filtered history as a CSV download.
import crypto from "node:crypto";
import { expect, test } from "@playwright/test";
import { createUser, devicesOf, sql } from "./support/db";
import { signInOverHttp, UA } from "./support/auth";

test("filters in the URL, failed attempts highlighted, CSV of the filtered history", async ({ browser }) => {
  const user = await createUser();
  const admin = await createUser({ role: "ADMIN", name: "Ada Admin" });
  const here = await browser.newContext({ userAgent: UA.mac });
  const there = await browser.newContext({ userAgent: UA.linux });
  await signInOverHttp(here, user);
  await signInOverHttp(there, user);
  const [mac, linux] = await devicesOf(user.id);
  // A failed sign-in, a token, an administrator's action, and a sign-in ten days ago.
  const { csrfToken } = await (await there.request.get("/api/auth/csrf")).json();
  await there.request.post("/api/auth/callback/credentials", { form: { csrfToken, email: user.email, password: "wrong", json: "true" } });
  const event = (type: string, actorId: string, deviceId: string | null, detail: object, createdAt = new Date()) =>
    sql().query(
      `INSERT INTO "AuditEvent" (id, "actorId", "userId", "deviceId", type, detail, "createdAt") VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [crypto.randomUUID(), actorId, user.id, deviceId, type, JSON.stringify(detail), createdAt],
    );
  await event("API_TOKEN_CREATED", user.id, null, { name: "ci" });
  await event("ADMIN_RESET_OATH", admin.id, null, { removed: 1 });
  await event(
    "SIGN_IN",
    user.id,
    linux!.id,
    { method: "PASSWORD", newDevice: false, deviceName: "Old name of the Linux box" },
    new Date(Date.now() - 10 * 86_400_000),
  );

  const page = await here.newPage();
  await page.goto("/activity");
  const rows = page.getByRole("list", { name: "Security history" }).locator(":scope > li");
  await expect(rows).toHaveCount(6);
  // The failed attempt stands out, and names itself.
  await expect(page.locator("li[data-failed]")).toHaveCount(1);
  await expect(page.locator('li[data-event-type="SIGN_IN_FAILED"]')).toHaveAttribute("data-failed", "true");
  // Each entry's icon: the device it happened on, or, with none, the account's key.
  await expect(page.locator('li[data-event-type="API_TOKEN_CREATED"] svg[data-icon]')).toHaveAttribute("data-icon", "account");
  await expect(rows.filter({ hasText: "Old name of the Linux box" }).locator("svg[data-icon]")).toHaveAttribute("data-icon", "desktop");
  // "Wasn't you?" on the other device's sign-ins, not on this one's (the device in hand).
  await expect(page.getByRole("link", { name: /^Wasn't you\?/ })).toHaveCount(2);
  // …and it leads to that device's page.
  await page
    .getByRole("link", { name: /^Wasn't you\?/ })
    .first()
    .click();
  await expect(page).toHaveURL(new RegExp(`/devices/${linux!.id}$`));
  await page.goto("/activity");
  // History keeps the device name it had then.
  await expect(rows.filter({ hasText: "Old name of the Linux box" })).toHaveCount(1);

  // Through the form: sign-ins from five days ago (not the one ten days ago), then on one device.
  await page.getByLabel("Show").selectOption({ label: "Sign-ins" });
  const from = new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("From").fill(from);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`/activity\\?kind=sign-ins&from=${from}$`));
  await expect(rows).toHaveCount(3); // two sign-ins and the failed attempt
  await page.reload();
  await expect(page.getByLabel("Show")).toHaveValue("sign-ins");
  await expect(page.getByLabel("From")).toHaveValue(from);
  await expect(rows).toHaveCount(3);
  await page.getByLabel("Device").selectOption({ label: "Firefox on Linux" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`kind=sign-ins&device=${linux!.id}&from=${from}$`));
  await expect(rows).toHaveCount(1);
  await expect(page.getByText("1 entry matches these filters.")).toBeVisible();

  await page.goto("/activity?kind=admin");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Ada Admin reset your authenticator apps");
  // An administrator's action shows the administrator's shield, not an unknown device's question mark.
  await expect(rows.first().locator("svg[data-icon]")).toHaveAttribute("data-icon", "admin");
  await page.goto(`/activity?kind=devices&device=${mac!.id}`);
  await expect(page.getByText("Nothing matches these filters.")).toBeVisible();
  await page.goto("/activity?kind=nonsense&from=yesterday");
  await expect(rows).toHaveCount(6); // malformed filters are ignored, not an error

  // The CSV: the same filters, one row per entry, formulas defused, only this user's history.
  const csv = await page.request.get(`/activity/export?kind=sign-ins&from=${from}`);
  expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  expect(csv.headers()["content-disposition"]).toMatch(/^attachment; filename="devicekeeper-activity-\d{4}-\d{2}-\d{2}\.csv"$/);
  const lines = (await csv.text())
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n");
  expect(lines[0]).toBe("time (UTC),event,what happened,device,by,IP address,approximate place,unusual country");
  expect(lines.slice(1).map((l) => l.split(",")[1])).toEqual(["SIGN_IN_FAILED", "SIGN_IN", "SIGN_IN"]);
  const all = (await (await page.request.get("/activity/export")).text()).trim().split("\r\n");
  expect(all).toHaveLength(7);
  const anonymous = await browser.newContext();
  expect((await anonymous.request.get("/activity/export")).status()).toBe(401);
  await Promise.all([here.close(), there.close(), anonymous.close()]);
});
