// Password change (server/auth/change-password.ts): the current password first (counted like a
// sign-in), a strength check by zxcvbn, then one transaction that ends the other sessions and
// revokes personal access tokens unless the user keeps them.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { changePassword } from "@/server/auth/change-password";
import { signInWithPassword } from "@/server/auth/sign-in-with-password";
import { validateSession } from "@/server/auth/validate-session";
import { createApiToken } from "@/server/api-tokens/create-api-token";
import { validateApiToken } from "@/server/api-tokens/validate-api-token";
import { context, createUser, newDeviceToken, TEST_PASSWORD } from "./factories";

const STRONG = "granite otter lantern 1987 velvet";

async function twoSessions() {
  const user = await createUser();
  const signIn = () =>
    signInWithPassword({ credentials: { email: user.email, password: TEST_PASSWORD }, deviceToken: newDeviceToken(), context: context() });
  const here = (await validateSession((await signIn())!.sessionId))!;
  const elsewhere = (await signIn())!;
  const pat = await createApiToken({
    actor: { userId: user.id, role: "USER", context: context() },
    kind: "PERSONAL",
    name: "ci",
    expiresInDays: 0,
  });
  return { user, here, elsewhere, pat };
}

describe("changePassword", () => {
  it("refuses a wrong current password and a weak or unchanged new one, changing nothing", async () => {
    const { user, here } = await twoSessions();
    const before = (await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash;
    const attempt = (currentPassword: string, newPassword: string) =>
      changePassword({ session: here, currentPassword, newPassword, signOutOthers: true, context: context() });
    await expect(attempt("wrong", STRONG)).rejects.toMatchObject({
      field: "currentPassword",
      userMessage: "Your current password is not right.",
    });
    await expect(attempt(TEST_PASSWORD, "short")).rejects.toMatchObject({
      field: "newPassword",
      userMessage: "Use at least 10 characters.",
    });
    await expect(attempt(TEST_PASSWORD, "password1234")).rejects.toMatchObject({
      field: "newPassword",
      userMessage: expect.stringContaining("too easy to guess"),
    });
    await expect(attempt(TEST_PASSWORD, `${user.email}1`)).rejects.toMatchObject({ field: "newPassword" });
    await expect(attempt(TEST_PASSWORD, TEST_PASSWORD)).rejects.toMatchObject({
      field: "newPassword",
      userMessage: expect.stringContaining("different"),
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(before);
  });

  it("changes it, ends the other sessions and revokes personal access tokens, keeps this session, and audits", async () => {
    const { user, here, elsewhere, pat } = await twoSessions();
    expect(
      await changePassword({ session: here, currentPassword: TEST_PASSWORD, newPassword: STRONG, signOutOthers: true, context: context() }),
    ).toEqual({ sessionsEnded: 1, tokensRevoked: 1, apps: [] });
    expect(await validateSession(here.sessionId)).not.toBeNull();
    expect(await validateSession(elsewhere.sessionId)).toBeNull();
    expect((await db.session.findUniqueOrThrow({ where: { id: elsewhere.sessionId } })).revokedReason).toBe("PASSWORD_CHANGED");
    expect(await validateApiToken(pat.token)).toBeNull();
    const creds = (password: string) =>
      signInWithPassword({ credentials: { email: user.email, password }, deviceToken: newDeviceToken(), context: context() });
    expect(await creds(TEST_PASSWORD)).toBeNull();
    expect(await creds(STRONG)).not.toBeNull();
    const [event] = await db.auditEvent.findMany({ where: { userId: user.id, type: "PASSWORD_CHANGED" } });
    expect(event!.detail).toMatchObject({ sessionsEnded: 1, tokensRevoked: 1, signedOutOthers: true });
  });

  it("keeps the other sessions and tokens when the user unticks it", async () => {
    const { here, elsewhere, pat } = await twoSessions();
    expect(
      await changePassword({
        session: here,
        currentPassword: TEST_PASSWORD,
        newPassword: STRONG,
        signOutOthers: false,
        context: context(),
      }),
    ).toEqual({ sessionsEnded: 0, tokensRevoked: 0, apps: [] });
    expect(await validateSession(elsewhere.sessionId)).not.toBeNull();
    expect(await validateApiToken(pat.token)).not.toBeNull();
  });
});
