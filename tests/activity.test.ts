import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { listActivity, ACTIVITY_PAGE_SIZE } from "@/server/audit/list-activity";
import { describeActivity } from "@/lib/activity";
import { signInWithPassword } from "@/server/auth/sign-in-with-password";
import { untrustDevice } from "@/server/devices/untrust-device";
import { renameDevice } from "@/server/devices/rename-device";
import { context, createUser, newDeviceToken, TEST_PASSWORD } from "./factories";

describe("listActivity", () => {
  it("shows the user's own history, newest first, saying who did what", async () => {
    const user = await createUser();
    const admin = await createUser({ role: "ADMIN" });
    const other = await createUser();
    const s = (await signInWithPassword({
      credentials: { email: user.email, password: TEST_PASSWORD },
      deviceToken: newDeviceToken(),
      context: context(),
    }))!;
    await signInWithPassword({
      credentials: { email: other.email, password: TEST_PASSWORD },
      deviceToken: newDeviceToken(),
      context: context(),
    });
    await renameDevice({
      actor: { userId: user.id, sessionId: s.sessionId, role: "USER", context: context() },
      userId: user.id,
      deviceId: s.deviceId,
      name: "Desk",
    });
    await untrustDevice({ actor: { userId: admin.id, role: "ADMIN", context: context() }, userId: user.id, deviceId: s.deviceId });

    const { items, total } = await listActivity({ userId: user.id, page: 1 });
    expect(total).toBe(3);
    expect(items.map((i) => describeActivity(i))).toEqual([
      `${admin.name} signed out Desk — 1 session ended`,
      "You renamed Chrome on macOS to Desk",
      "Signed in on Chrome on macOS (new device) from 203.0.113.9",
    ]);
  });

  it("pages through long histories and clamps out-of-range pages", async () => {
    const user = await createUser();
    await db.auditEvent.createMany({
      data: Array.from({ length: ACTIVITY_PAGE_SIZE + 5 }, (_, i) => ({
        userId: user.id,
        actorId: user.id,
        type: "SIGN_OUT",
        createdAt: new Date(Date.now() - i * 1000),
      })),
    });
    const first = await listActivity({ userId: user.id, page: 1 });
    const second = await listActivity({ userId: user.id, page: 2 });
    expect(first.items).toHaveLength(ACTIVITY_PAGE_SIZE);
    expect(second.items).toHaveLength(5);
    expect(first.pageCount).toBe(2);
    expect(new Set([...first.items, ...second.items].map((i) => i.id)).size).toBe(ACTIVITY_PAGE_SIZE + 5);
    expect((await listActivity({ userId: user.id, page: 99 })).page).toBe(2);
    expect((await listActivity({ userId: user.id, page: -3 })).page).toBe(1);
  });
});

describe("describeActivity: the device actions in the words of their buttons", () => {
  const item = (type: string, by: "you" | "an administrator", actorName: string | null = null) => ({
    id: "1",
    type,
    createdAt: new Date().toISOString(),
    ip: null,
    location: null,
    unusual: false,
    by,
    actorName,
    deviceName: "Work laptop",
    detail: { sessionsEnded: 2 },
  });

  it("Sign out, Sign out and treat as new, Remove from your devices — to the user and to an administrator", () => {
    expect(describeActivity(item("DEVICE_UNTRUSTED", "you"))).toBe("You signed out Work laptop — 2 sessions ended");
    expect(describeActivity(item("DEVICE_INVALIDATED", "you"))).toBe(
      "You signed out Work laptop and set it to be treated as new — 2 sessions ended",
    );
    expect(describeActivity(item("DEVICE_DELETED", "you"))).toBe("You removed Work laptop from your devices — 2 sessions ended");
    // An administrator reads the user's history by name.
    expect(describeActivity(item("DEVICE_DELETED", "you"), "Bob")).toBe("Bob removed Work laptop from their devices — 2 sessions ended");
    expect(describeActivity(item("DEVICE_DELETED", "an administrator", "Ada Admin"), "Bob")).toBe(
      "Ada Admin removed Work laptop from Bob's devices — 2 sessions ended",
    );
    expect(describeActivity(item("DEVICE_DELETED", "an administrator", "Ada Admin"))).toBe(
      "Ada Admin removed Work laptop from your devices — 2 sessions ended",
    );
  });

  it("says an email link was used once: not after a reset, whose sentence already names the link", () => {
    const viaEmail = (type: string) => ({ ...item(type, "you"), detail: { sessionsEnded: 2, through: "email-link" } });
    expect(describeActivity(viaEmail("PASSWORD_RESET"))).toBe("You set a new password with a reset link — 2 sessions ended");
    expect(describeActivity(viaEmail("DEVICE_RECOGNIZED"))).toMatch(/\(“This was me”\) \(through the link in a security email\)$/);
  });

  it("a replayed token: which app, on which device, from where; in the audit log, whose account", () => {
    const replayed = (grantType: string) => ({
      ...item("APP_TOKEN_REPLAYED", "you"),
      by: "system" as const,
      ip: "203.0.113.7",
      detail: { appName: "Wiki", grantType },
    });
    expect(describeActivity(replayed("refresh_token"))).toBe(
      "“Wiki” was signed out on Work laptop: a token it had already used came back from 203.0.113.7 — someone may have a copy, so nothing from that sign-in works any more",
    );
    expect(describeActivity(replayed("authorization_code"), "Bob", { named: true })).toBe(
      "“Wiki” was signed out on Work laptop on Bob's account: a sign-in code it had already used came back from 203.0.113.7 — someone may have a copy, so nothing from that sign-in works any more",
    );
  });

  it("an app's change says what changed, in the admin form's words", () => {
    const updated = (detail: Record<string, unknown>) => ({
      ...item("APP_UPDATED", "an administrator", "Ada Admin"),
      deviceName: null,
      detail: { appName: "Wiki", ...detail },
    });
    expect(describeActivity(updated({ changed: ["redirectUris", "scopes"] }))).toBe(
      "Ada Admin changed the redirect URIs and scopes of the app “Wiki”",
    );
    expect(describeActivity(updated({ changed: ["name", "backchannelLogoutUri"], previousName: "Old wiki" }))).toBe(
      "Ada Admin renamed the app “Old wiki” to “Wiki”; changed its back-channel logout URI",
    );
    expect(describeActivity(updated({ changed: ["confidential"], kind: "public", signedOut: 3 }))).toBe(
      "Ada Admin made the app “Wiki” public (no client secret) — everyone was signed out of it (3 sign-ins)",
    );
    expect(describeActivity(updated({ changed: [] }))).toBe("Ada Admin saved the app “Wiki” without a change");
    // Rows from before the changes were recorded.
    expect(describeActivity(updated({}))).toBe("Ada Admin changed the app “Wiki”");
  });

  it("an app allowed: by the user on the consent page, or without asking for a first-party app; its access removed", () => {
    const row = (type: string, by: "you" | "an administrator", detail: Record<string, unknown>) => ({
      ...item(type, by, by === "you" ? null : "Ada Admin"),
      detail: { appName: "Wiki", scopes: ["openid", "email"], ...detail },
    });
    expect(describeActivity(row("APP_AUTHORIZED", "you", { firstParty: false }))).toBe("You allowed “Wiki” to sign you in (email address)");
    expect(describeActivity(row("APP_AUTHORIZED", "you", { firstParty: false }), "Bob")).toBe(
      "Bob allowed “Wiki” to sign them in (email address)",
    );
    expect(describeActivity(row("APP_AUTHORIZED", "you", { firstParty: true }))).toBe(
      "“Wiki” got access to your account (email address): the organisation's own app, allowed without asking",
    );
    expect(describeActivity(row("APP_AUTHORIZED", "you", { firstParty: true }), "Bob")).toBe(
      "“Wiki” got access to Bob's account (email address): the organisation's own app, allowed without asking",
    );
    expect(describeActivity(row("APP_ACCESS_REMOVED", "an administrator", {}), "Bob")).toBe(
      "Ada Admin removed access for “Wiki” — signed out of it on every device",
    );
    // For everyone, by a change to the app itself: which change.
    expect(describeActivity(row("APP_ACCESS_REMOVED", "an administrator", { cause: "disabled" }))).toBe(
      "Ada Admin disabled the app “Wiki” — you were signed out of it on every device",
    );
    expect(describeActivity(row("APP_ACCESS_REMOVED", "an administrator", { cause: "deleted" }), "Bob")).toBe(
      "Ada Admin deleted the app “Wiki” — Bob was signed out of it on every device",
    );
    expect(describeActivity(row("APP_ACCESS_REMOVED", "an administrator", { cause: "made-public" }))).toBe(
      "Ada Admin made the app “Wiki” public (no client secret) — you were signed out of it on every device",
    );
  });
});
