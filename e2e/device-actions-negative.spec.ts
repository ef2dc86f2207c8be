import { expect, test } from "@playwright/test";
import { chooseDeviceAction, showSignedOut, signOutButton } from "./support/devices";
import { createUser, devicesOf, sessionsOf, sql } from "./support/db";
import { signInOverHttp, UA } from "./support/auth";
import { callAction, captureActionId, expectRefusal } from "./support/actions";

async function stateOf(userId: string) {
  const { rows } = await sql().query(
    `SELECT id, name, "trustedAt", "invalidatedAt", "deletedAt" FROM "Device" WHERE "userId" = $1 ORDER BY id`,
    [userId],
  );
  return { devices: rows, sessions: await sessionsOf(userId) };
}

test.describe("device actions refuse forged and stale calls", () => {
  test("another user's device id, malformed ids and bad names: a clear refusal, nothing changes", async ({ browser }) => {
    const victim = await createUser();
    const victimCtx = await browser.newContext({ userAgent: UA.linux });
    await signInOverHttp(victimCtx, victim);
    const [victimDevice] = await devicesOf(victim.id);

    const attacker = await createUser();
    const ctx = await browser.newContext({ userAgent: UA.mac });
    const other = await browser.newContext({ userAgent: UA.windows });
    await signInOverHttp(ctx, attacker);
    await signInOverHttp(other, attacker);
    const page = await ctx.newPage();
    await page.goto("/devices");
    const own = (await devicesOf(attacker.id))[1]!;
    const ownCard = page.locator(`li[data-device-id="${own.id}"]`);

    // Learn the action ids from real, legitimate calls on the attacker's own second device.
    const untrustId = await captureActionId(page, async () => {
      await signOutButton(page, own.id).click();
      await page.getByRole("alertdialog").getByRole("button", { name: "Sign out device" }).click();
    });
    await expect(page.getByRole("alertdialog")).toBeHidden();
    const renameId = await captureActionId(page, async () => {
      await showSignedOut(page); // signed out just now: listed under "Signed out"
      await chooseDeviceAction(page, own.id, "Rename");
      await ownCard.getByLabel("Device name").fill("Mine");
      await ownCard.getByLabel("Device name").press("Enter");
    });
    await expect(ownCard.getByRole("heading", { name: "Mine" })).toBeVisible();

    const before = await stateOf(victim.id);
    expectRefusal(await callAction(page, untrustId, [{ deviceId: victimDevice!.id }]), "Device not found");
    expectRefusal(await callAction(page, renameId, [{ deviceId: victimDevice!.id, name: "pwned" }]), "Device not found");
    for (const bad of ["not-a-uuid", "", 42, null, { id: victimDevice!.id }, "' OR 1=1 --"]) {
      expectRefusal(await callAction(page, untrustId, [{ deviceId: bad }]), "Invalid device id");
      expectRefusal(await callAction(page, untrustId, [bad]), "Invalid device id");
    }
    expectRefusal(await callAction(page, renameId, [{ deviceId: own.id, name: "" }]), "Enter a device name");
    expectRefusal(await callAction(page, renameId, [{ deviceId: own.id, name: "y".repeat(65) }]), "Use at most 64 characters");
    expectRefusal(await callAction(page, renameId, [{ deviceId: own.id, name: "bell\u0007" }]), "Use only printable characters");
    expectRefusal(await callAction(page, renameId, ["just a string"]), "Invalid");
    expect(await stateOf(victim.id)).toEqual(before);
    expect((await devicesOf(attacker.id))[1]!.name).toBe("Mine");

    // A call from another site (CSRF) with the user's cookies: a 403, and nothing changes.
    const first = (await devicesOf(attacker.id))[0]!;
    const ownBeforeCsrf = await stateOf(attacker.id);
    for (const origin of ["http://evil.example", "null"]) {
      const res = await page.request.post("/devices", {
        headers: { "next-action": renameId, "content-type": "text/plain;charset=UTF-8", origin },
        data: JSON.stringify([{ deviceId: first.id, name: "csrf" }]),
      });
      expect([res.status(), await res.text()]).toEqual([403, "Cross-origin server action calls are refused."]);
    }
    expect(await stateOf(attacker.id)).toEqual(ownBeforeCsrf);

    // A revoked session calling an action is refused too, and changes nothing.
    const [attackerSession] = (await sessionsOf(attacker.id)).filter((s) => !s.revokedAt);
    await sql().query(`UPDATE "Session" SET "revokedAt" = now(), "revokedReason" = 'SESSION_REVOKED' WHERE id = $1`, [attackerSession!.id]);
    const ownBefore = await stateOf(attacker.id);
    const stale = await callAction(page, untrustId, [{ deviceId: own.id }]);
    expectRefusal(stale, "Your session has ended");
    expect(await stateOf(attacker.id)).toEqual(ownBefore);
  });
});
