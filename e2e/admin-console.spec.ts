import { expect, test } from "@playwright/test";
import { createUser, sql } from "./support/db";
import { signInOverHttp, signInWithForm } from "./support/auth";
import { callAction, captureActionId, expectRefusal } from "./support/actions";
import { signOutButton } from "./support/devices";

test.describe("admin console", () => {
  test("search finds carol and links to her page, with the reset buttons", async ({ page }) => {
    const admin = await createUser({ role: "ADMIN" });
    await signInOverHttp(page.context(), admin);
    await page.goto("/admin/users");
    await page.getByRole("searchbox", { name: "Search" }).fill("CAROL");
    await page.getByRole("button", { name: "Search" }).click();
    const link = page.getByRole("list", { name: "Users" }).getByRole("link", { name: "Carol Example" });
    await expect(link).toBeVisible();
    const { rows } = await sql().query(`SELECT id FROM "User" WHERE email = 'carol@example.com'`);
    await expect(link).toHaveAttribute("href", `/admin/users/${rows[0].id}`);
    await link.click();
    await expect(page.getByRole("heading", { name: "Carol Example", level: 1 })).toBeVisible();
    await expect(page.getByText("does not remove the keys stored on the device")).toBeVisible();

    // A reset is offered only for a group that has something to reset (carol's may be reset by
    // another test meanwhile: these users are this test's own).
    const full = await createUser({ name: "Fiona Factors" });
    await sql().query(
      `INSERT INTO "Authenticator" (id, "userId", kind, name) VALUES (gen_random_uuid(), $1, 'TOTP', 'Phone'), (gen_random_uuid(), $1, 'PUSH', 'Phone app')`,
      [full.id],
    );
    await sql().query(`INSERT INTO "RecoveryCode" (id, "userId", "codeHash") VALUES (gen_random_uuid(), $1, 'x')`, [full.id]);
    const empty = await createUser({ name: "Eddie Empty" });
    await page.goto(`/admin/users/${full.id}`);
    for (const name of ["Reset authenticator apps", "Reset push sign-in approvals", "Sign out everywhere", "Revoke recovery codes"]) {
      await expect(page.getByRole("button", { name })).toBeVisible();
    }
    await expect(page.getByText("Second step at sign-in: asked when they have a second factor (the default)")).toBeVisible();
    await page.goto(`/admin/users/${empty.id}`);
    await expect(page.getByRole("button", { name: "Sign out everywhere" })).toBeVisible();
    for (const name of ["Reset authenticator apps", "Reset push sign-in approvals", "Revoke recovery codes"]) {
      await expect(page.getByRole("button", { name })).toHaveCount(0);
    }
  });

  test("Reset OATH with step-up: the user then signs in without a code, and their history says so", async ({ browser }) => {
    const admin = await createUser({ role: "ADMIN" });
    const user = await createUser({ name: "Olive Oath" });
    await sql().query(
      `INSERT INTO "Authenticator" (id, "userId", kind, name, "secretEnc") VALUES (gen_random_uuid(), $1, 'TOTP', 'Phone', 'v1.unused')`,
      [user.id],
    );
    const adminCtx = await browser.newContext();
    await signInOverHttp(adminCtx, admin);
    // The admin's password check is 20 minutes old: the dialog must ask again.
    await sql().query(`UPDATE "Session" SET "verifiedAt" = now() - interval '20 minutes' WHERE "userId" = $1`, [admin.id]);
    const page = await adminCtx.newPage();
    await page.goto(`/admin/users/${user.id}`);
    await page.getByRole("button", { name: "Reset authenticator apps" }).click();
    const dialog = page.getByRole("alertdialog");
    await expect(dialog).toContainText("Olive Oath");
    // The password is part of the dialog from the first click, with why it is asked.
    const password = dialog.getByLabel("Your password");
    await expect(password).toBeFocused();
    await expect(password).toHaveAccessibleDescription(/confirm your password: it was last checked over 10 minutes ago/);
    await expect(dialog.getByRole("alert")).toHaveCount(0);
    // A wrong one is an error, tied to the field; nothing is reset.
    await password.fill("not my password");
    await dialog.getByRole("button", { name: "Reset authenticator apps" }).click();
    await expect(dialog.getByRole("alert")).toHaveText("That password is not right.");
    await expect(password).toHaveAttribute("aria-invalid", "true");
    await expect(password).toHaveAccessibleDescription(/^That password is not right\./);
    await expect(password).toHaveValue("");
    // Focus is back in the field (the confirm button lost it while it waited), for the next try too.
    await expect(password).toBeFocused();
    await dialog.getByRole("button", { name: "Reset authenticator apps" }).click();
    await expect(dialog.getByRole("alert")).toHaveText("Confirm your password to continue.");
    await expect(password).toBeFocused();
    expect((await sql().query(`SELECT count(*)::int AS n FROM "Authenticator" WHERE "userId" = $1`, [user.id])).rows[0].n).toBe(1);
    await password.fill(admin.password);
    await dialog.getByRole("button", { name: "Reset authenticator apps" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("status")).toContainText("Authenticator apps reset (1 removed).");

    const userCtx = await browser.newContext();
    const userPage = await userCtx.newPage();
    await signInWithForm(userPage, user);
    await expect(userPage).toHaveURL(/\/devices$/);
    await userPage.goto("/activity");
    await expect(userPage.getByText(`${admin.name} reset your authenticator apps`)).toBeVisible();
  });

  test("a non-admin gets 404 for every /admin page and a refusal from admin actions, and nothing changes", async ({ browser }) => {
    const admin = await createUser({ role: "ADMIN" });
    const target = await createUser();
    await sql().query(`INSERT INTO "Authenticator" (id, "userId", kind, name) VALUES (gen_random_uuid(), $1, 'PUSH', 'Push')`, [target.id]);
    const adminCtx = await browser.newContext();
    await signInOverHttp(adminCtx, admin);
    const adminPage = await adminCtx.newPage();
    await adminPage.goto(`/admin/users/${target.id}`);
    // Learn two admin actions' ids from real calls (every other admin action is in tests/action-matrix.test.ts).
    const actionId = await captureActionId(adminPage, async () => {
      await adminPage.getByRole("button", { name: "Sign out everywhere" }).click();
      await adminPage.getByRole("alertdialog").getByRole("button", { name: "Sign out everywhere" }).click();
    });

    // And a per-item action (sign a device out), learnt the same way.
    const targetCtx = await browser.newContext();
    await signInOverHttp(targetCtx, target);
    await adminPage.reload();
    const targetDevice = (await sql().query(`SELECT id FROM "Device" WHERE "userId" = $1`, [target.id])).rows[0].id;
    const itemActionId = await captureActionId(adminPage, async () => {
      await signOutButton(adminPage, targetDevice).click();
      await adminPage.getByRole("alertdialog").getByRole("button", { name: "Sign out device" }).click();
    });
    const pushId = (await sql().query(`SELECT id FROM "Authenticator" WHERE "userId" = $1`, [target.id])).rows[0].id;

    const bob = await createUser();
    const ctx = await browser.newContext();
    await signInOverHttp(ctx, bob);
    const page = await ctx.newPage();
    for (const path of [
      "/admin",
      "/admin/users",
      `/admin/users/${target.id}`,
      "/admin/users/not-a-uuid",
      `/admin/users/${target.id}/devices/${targetDevice}`,
    ]) {
      expect((await page.goto(path))?.status(), path).toBe(404);
    }
    const before = (await sql().query(`SELECT count(*)::int AS n FROM "Authenticator" WHERE "userId" = $1`, [target.id])).rows[0].n;
    await page.goto("/devices");
    expectRefusal(await callAction(page, actionId, [{ userId: target.id }], `/admin/users/${target.id}`), "Not found");
    for (const id of [targetDevice, pushId]) {
      expectRefusal(await callAction(page, itemActionId, [{ userId: target.id, id }], `/admin/users/${target.id}`), "Not found");
    }
    expect((await sql().query(`SELECT count(*)::int AS n FROM "Authenticator" WHERE "userId" = $1`, [target.id])).rows[0].n).toBe(before);
    expect((await sql().query(`SELECT "deletedAt", "invalidatedAt" FROM "Device" WHERE id = $1`, [targetDevice])).rows[0]).toEqual({
      deletedAt: null,
      invalidatedAt: null,
    });
    expect((await sql().query(`SELECT "disabledAt" FROM "User" WHERE id = $1`, [target.id])).rows[0].disabledAt).toBeNull();

    // An admin acting on a missing user, or with a malformed id, gets a clear refusal.
    expectRefusal(await callAction(adminPage, actionId, [{ userId: crypto.randomUUID() }], `/admin/users/${target.id}`), "User not found");
    expectRefusal(await callAction(adminPage, actionId, [{ userId: "nope" }], `/admin/users/${target.id}`), "Invalid user id");
    expectRefusal(
      await callAction(adminPage, itemActionId, [{ userId: target.id, id: crypto.randomUUID() }], `/admin/users/${target.id}`),
      "Device not found",
    );
    expectRefusal(
      await callAction(adminPage, itemActionId, [{ userId: target.id, id: "nope" }], `/admin/users/${target.id}`),
      "Invalid device id",
    );
  });
});

test("an administrator limits a user to one session: the older browser is signed out and told why", async ({ browser }) => {
  const admin = await createUser({ role: "ADMIN" });
  const user = await createUser({ name: "Lena Limit" });
  const older = await browser.newContext();
  const newer = await browser.newContext();
  await signInOverHttp(older, user);
  await signInOverHttp(newer, user);
  const adminCtx = await browser.newContext();
  await signInOverHttp(adminCtx, admin);
  const page = await adminCtx.newPage();
  await page.goto(`/admin/users/${user.id}`);
  const section = page.getByRole("region", { name: "Session limit" });
  await expect(section.getByText("No limit now.")).toBeVisible();
  await section.getByLabel("Sessions at once").fill("1");
  await section.getByRole("button", { name: "Save limit" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Limit Lena Limit to 1 session?" });
  await expect(dialog).toContainText("the oldest end now");
  await dialog.getByRole("button", { name: "Save limit" }).click();
  await expect(page.getByRole("status")).toContainText("Limited to 1 session at once — 1 session ended.");
  await expect(section.getByText("Now: 1 at once.")).toBeVisible();

  expect((await older.request.get("/api/me")).status()).toBe(401);
  expect((await newer.request.get("/api/me")).status()).toBe(200);
  const mine = await newer.newPage();
  await mine.goto("/activity");
  await expect(mine.getByText("Your oldest session was signed out: an administrator allows 1 at once")).toBeVisible();
  await Promise.all([older.close(), newer.close(), adminCtx.close()]);
});

test("user search as you type, with filters kept in the URL", async ({ page }) => {
  const admin = await createUser({ role: "ADMIN" });
  const tag = `zq${Date.now().toString(36)}`;
  const plain = await createUser({ name: `${tag} Plain` });
  const secured = await createUser({ name: `${tag} Secured` });
  const off = await createUser({ name: `${tag} Off` });
  await sql().query(`INSERT INTO "Authenticator" (id, "userId", kind, name) VALUES (gen_random_uuid(), $1, 'TOTP', 'Phone')`, [secured.id]);
  await sql().query(`UPDATE "User" SET "disabledAt" = now() WHERE id = $1`, [off.id]);
  await signInOverHttp(page.context(), admin);
  await page.goto("/admin/users");
  const users = page.getByRole("list", { name: "Users" }).getByRole("link");

  await page.getByRole("searchbox", { name: "Search" }).pressSequentially(tag, { delay: 20 });
  await expect(page).toHaveURL(new RegExp(`q=${tag}`)); // no button pressed
  // The three of them, as soon as the typing pauses.
  await expect(users).toHaveCount(3);

  await page.getByRole("combobox", { name: "Second factor" }).selectOption("with");
  await expect(users).toHaveText([`${tag} Secured`]);
  await page.getByRole("combobox", { name: "Second factor" }).selectOption("without");
  await page.getByRole("combobox", { name: "Status" }).selectOption("disabled");
  await expect(users).toHaveText([`${tag} Off`]);
  await expect(page).toHaveURL(new RegExp(`/admin/users\\?q=${tag}&status=disabled&mfa=without$`));
  await page.reload();
  await expect(page.getByRole("combobox", { name: "Status" })).toHaveValue("disabled");
  await expect(users).toHaveText([`${tag} Off`]);
  await page.getByRole("combobox", { name: "Status" }).selectOption("active");
  await expect(users).toHaveText([`${tag} Plain`]);
  await page.getByRole("combobox", { name: "Role" }).selectOption("ADMIN");
  await expect(page.getByText(/^0 users matching/)).toBeVisible();
  expect(plain.name).toBe(`${tag} Plain`);
});

test("sort the user list: kept in the URL with the search and filters, through reloads and pages; a bad value is the default", async ({
  page,
}) => {
  const admin = await createUser({ role: "ADMIN" });
  const tag = `zs${Date.now().toString(36)}`;
  // Three users whose names run against their age, and 25 more (so there is a next page).
  for (const [name, age] of [
    [`${tag} Alma`, 1],
    [`${tag} Boris`, 2],
    [`${tag} Cyd`, 3],
  ] as const) {
    const u = await createUser({ name });
    await sql().query(`UPDATE "User" SET "createdAt" = now() - make_interval(days => $2) WHERE id = $1`, [u.id, age]);
  }
  await sql().query(
    `INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt", "createdAt")
     SELECT gen_random_uuid(), $1 || '-' || i || '@test.example', $1 || ' Zz' || lpad(i::text, 2, '0'), 'x', now(), now() - interval '10 days'
       FROM generate_series(1, 25) i`,
    [tag],
  );
  await signInOverHttp(page.context(), admin);
  await page.goto(`/admin/users?q=${tag}`);
  const users = page.getByRole("list", { name: "Users" }).getByRole("link");
  const sort = page.getByRole("combobox", { name: "Sort" });
  await expect(sort).toHaveValue(""); // email order, the default
  await expect(users).toHaveCount(25);

  await sort.selectOption({ label: "Sort: Name, A–Z" });
  await expect(page).toHaveURL(new RegExp(`/admin/users\\?q=${tag}&sort=name$`));
  await expect(users.first()).toHaveText(`${tag} Alma`);
  await page.getByRole("combobox", { name: "Status" }).selectOption("active");
  await expect(page).toHaveURL(new RegExp(`/admin/users\\?q=${tag}&status=active&sort=name$`));

  await sort.selectOption({ label: "Sort: Newest accounts first" });
  await expect(page).toHaveURL(new RegExp(`/admin/users\\?q=${tag}&status=active&sort=newest$`));
  await expect(users.nth(0)).toHaveText(`${tag} Alma`);
  await expect(users.nth(1)).toHaveText(`${tag} Boris`);
  await expect(users.nth(2)).toHaveText(`${tag} Cyd`);
  await page.reload();
  await expect(sort).toHaveValue("newest");
  await expect(users.nth(2)).toHaveText(`${tag} Cyd`);
  // The next page keeps the query, the filter and the order.
  const next = page.getByRole("navigation", { name: "Pagination" }).getByRole("link", { name: "Next" });
  await expect(next).toHaveAttribute("href", new RegExp(`q=${tag}&status=active&sort=newest&after=[0-9a-f-]{36}$`));
  await next.click();
  await expect(users).toHaveCount(3);
  await page.getByRole("navigation", { name: "Pagination" }).getByRole("link", { name: "Previous" }).click();
  await expect(users.nth(0)).toHaveText(`${tag} Alma`);

  // Oldest first: the 25 older accounts fill the first page; the three come last, Cyd first.
  await sort.selectOption({ label: "Sort: Oldest accounts first" });
  await expect(page).toHaveURL(/sort=oldest$/);
  await expect(users.first()).toHaveText(/ Zz\d\d$/);
  await page.getByRole("navigation", { name: "Pagination" }).getByRole("link", { name: "Next" }).click();
  await expect(users).toHaveText([`${tag} Cyd`, `${tag} Boris`, `${tag} Alma`]);

  // A value the list does not know, or a cursor that is not a user id: the default, never an error.
  for (const query of [`q=${tag}&sort=bogus`, `q=${tag}&sort=name&after=not-an-id`, `q=${tag}&sort=name&sort=newest`]) {
    const res = await page.goto(`/admin/users?${query}`);
    expect(res?.status(), query).toBe(200);
    await expect(users).toHaveCount(25);
  }
  await page.goto(`/admin/users?q=${tag}&sort=bogus`);
  await expect(sort).toHaveValue("");
});
