// A temporary access code (server/admin/issue-temporary-access-code.ts): an administrator issues it
// for a user who lost their second factors; it is returned once and stored hashed, audited in the
// same transaction, and the user is emailed a notice without it. It passes the second step once,
// until it expires — of two sign-ins racing with it only one gets in — and the sign-in steps offer
// it only while it is live. Refused for non-admins, for the admin's own account, for disabled users.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import type { Actor } from "@/server/audit/actor";
import { passwordStep } from "@/server/auth/sign-in-with-password";
import { completeMfaSignIn } from "@/server/auth/complete-mfa-sign-in";
import { issueTemporaryAccessCode } from "@/server/admin/issue-temporary-access-code";
import { endTemporaryAccessCode } from "@/server/admin/end-temporary-access-code";
import { browserFactorsFor } from "@/server/mfa/second-factor-policy";
import { getSecurityOverview } from "@/server/mfa/get-security-overview";
import { secondFactorSetupReason } from "@/server/mfa/second-factor-setup-reason";
import { hashTemporaryAccessCode } from "@/server/mfa/temporary-access-code";
import { authenticationOf } from "@/server/oidc/authentication";
import { deliverMail } from "@/server/mail/deliver-mail";
import { temporaryAccessCodeMinutes } from "@/server/config";
import { resetPush } from "@/server/admin/reset-authenticators";
import { describeActivity } from "@/lib/activity";
import { listActivity } from "@/server/audit/list-activity";
import { describeSignIn, secondFactorMethods } from "@/lib/sign-in-steps";
import { context, createUser, newDeviceToken, TEST_PASSWORD } from "./factories";

const MINUTE = 60_000;

async function world() {
  const carol = await createUser({ name: "Carol" });
  const adminUser = await createUser({ role: "ADMIN", name: "Ada Admin" });
  const admin: Actor = { userId: adminUser.id, role: "ADMIN", context: context() };
  return { carol, adminUser, admin };
}

async function challenge(email: string, deviceToken: string) {
  const r = await passwordStep({ credentials: { email, password: TEST_PASSWORD }, deviceToken, context: context() });
  return r;
}

/** Password, then the code, on a fresh browser. */
async function signInWithCode(email: string, code: string) {
  const deviceToken = newDeviceToken();
  const first = await challenge(email, deviceToken);
  if (first?.status !== "mfa-required") return { status: "no-second-step" as const, first };
  return completeMfaSignIn({
    challengeToken: first.challengeToken,
    deviceToken,
    credentials: { method: "temporary-code", code },
    context: context(),
  });
}

describe("issuing a temporary access code", () => {
  it("returns the code once, stores only its hash, audits it in the same transaction and emails a notice without the code", async () => {
    const { carol, admin } = await world();
    const { code, expiresAt, replaced } = await issueTemporaryAccessCode({ actor: admin, userId: carol.id });
    expect(code).toMatch(/^[A-HJKMNP-Z2-9]{4}(-[A-HJKMNP-Z2-9]{4}){3}$/);
    expect(replaced).toBe(false);
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(59 * MINUTE);
    expect(expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(60 * MINUTE);
    const rows = await db.temporaryAccessCode.findMany({ where: { userId: carol.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ codeHash: hashTemporaryAccessCode(code), createdById: admin.userId, usedAt: null });
    expect(JSON.stringify(rows)).not.toContain(code.replace(/-/g, ""));

    const [event] = await db.auditEvent.findMany({ where: { userId: carol.id, type: "ADMIN_ISSUED_TEMPORARY_ACCESS_CODE" } });
    expect(event).toMatchObject({ actorId: admin.userId, detail: expect.objectContaining({ minutes: 60, replaced: false }) });
    expect(JSON.stringify(event)).not.toContain(code.replace(/-/g, ""));

    // The audit row's trigger queued the notice in the same transaction: it names the administrator, never the code.
    const [queued] = await db.mailOutbox.findMany({ where: { userId: carol.id, kind: "temporary-access-code" } });
    expect(queued).toMatchObject({ auditEventId: event!.id, status: "PENDING" });
    await deliverMail({ mode: "capture", limit: 50 });
    const mail = await db.mailOutbox.findUniqueOrThrow({ where: { id: queued!.id } });
    expect(mail.status).toBe("CAPTURED");
    expect(mail.subject).toBe("Your administrator issued a temporary access code for your account");
    expect(mail.text).toContain("Ada Admin issued a temporary access code for your account");
    expect(mail.text).toContain("If you did not expect it, ask your administrator why.");
    for (const body of [mail.text!, mail.html!]) {
      expect(body).not.toContain(code);
      expect(body).not.toContain(code.replace(/-/g, ""));
    }
  });

  it("a new code replaces the live one; 'End it now' ends it, audited; a second end changes nothing", async () => {
    const { carol, admin } = await world();
    const first = await issueTemporaryAccessCode({ actor: admin, userId: carol.id });
    const second = await issueTemporaryAccessCode({ actor: admin, userId: carol.id });
    expect(second.replaced).toBe(true);
    expect((await signInWithCode(carol.email, first.code)).status).toBe("invalid");
    // She turned off emails about administrators' actions: the end of a code is told all the same.
    await db.user.update({ where: { id: carol.id }, data: { emailOnAdminAction: false } });
    expect(await endTemporaryAccessCode({ actor: admin, userId: carol.id })).toEqual({ ended: true });
    expect(await endTemporaryAccessCode({ actor: admin, userId: carol.id })).toEqual({ ended: false });
    expect(await db.auditEvent.count({ where: { userId: carol.id, type: "ADMIN_ENDED_TEMPORARY_ACCESS_CODE" } })).toBe(1);
    // Carol is told, once (the second end changed nothing): the code she may hold no longer works.
    const ended = await db.mailOutbox.findMany({ where: { userId: carol.id, kind: "temporary-access-code-ended" } });
    expect(ended).toHaveLength(1);
    await deliverMail({ mode: "capture", limit: 50 });
    const mail = await db.mailOutbox.findUniqueOrThrow({ where: { id: ended[0]!.id } });
    expect(mail.subject).toBe("Your administrator ended the temporary access code for your account");
    expect(mail.text).toContain("Ada Admin ended the temporary access code for your account before it was used: it no longer works.");
    // Nothing live: the sign-in no longer has a second step to offer it in.
    expect((await signInWithCode(carol.email, second.code)).status).toBe("no-second-step");
  });

  it("is refused for a non-admin caller, the admin's own account, a disabled user and an unknown one — nothing written", async () => {
    const { carol, adminUser, admin } = await world();
    const disabled = await createUser({ disabledAt: new Date() });
    const owner: Actor = { userId: carol.id, role: "USER", context: context() };
    await expect(issueTemporaryAccessCode({ actor: owner, userId: carol.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(endTemporaryAccessCode({ actor: owner, userId: carol.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(issueTemporaryAccessCode({ actor: admin, userId: adminUser.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
      userMessage: "You cannot issue a temporary access code for your own account: ask another administrator.",
    });
    await expect(issueTemporaryAccessCode({ actor: admin, userId: disabled.id })).rejects.toMatchObject({
      code: "CONFLICT",
      userMessage: expect.stringContaining("is disabled: enable it first"),
    });
    await expect(issueTemporaryAccessCode({ actor: admin, userId: crypto.randomUUID() })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.temporaryAccessCode.count({ where: { userId: { in: [carol.id, adminUser.id, disabled.id] } } })).toBe(0);
    expect(
      await db.auditEvent.count({
        where: { type: "ADMIN_ISSUED_TEMPORARY_ACCESS_CODE", userId: { in: [carol.id, adminUser.id, disabled.id] } },
      }),
    ).toBe(0);
  });

  it("lasts TEMPORARY_ACCESS_CODE_MINUTES, kept within 5 minutes and a day", () => {
    expect(temporaryAccessCodeMinutes({})).toBe(60);
    expect(temporaryAccessCodeMinutes({ TEMPORARY_ACCESS_CODE_MINUTES: "30" })).toBe(30);
    expect(temporaryAccessCodeMinutes({ TEMPORARY_ACCESS_CODE_MINUTES: "1" })).toBe(5);
    expect(temporaryAccessCodeMinutes({ TEMPORARY_ACCESS_CODE_MINUTES: "100000" })).toBe(1440);
    expect(temporaryAccessCodeMinutes({ TEMPORARY_ACCESS_CODE_MINUTES: "soon" })).toBe(60);
  });
});

describe("signing in with it", () => {
  it("is offered only while live, passes the second step once (TEMPORARY_ACCESS_CODE, amr otp+mfa), then no longer works", async () => {
    const { carol, admin } = await world();
    expect(await browserFactorsFor({ id: carol.id, mfaSkip: "NOT_SET" })).toEqual([]);
    const { code } = await issueTemporaryAccessCode({ actor: admin, userId: carol.id });
    expect(await browserFactorsFor({ id: carol.id, mfaSkip: "NOT_SET" })).toEqual(["temporary-code"]);

    // Typed loosely (lower case, spaces): the same code.
    const r = await signInWithCode(carol.email, ` ${code.toLowerCase().replace(/-/g, " ")} `);
    expect(r.status).toBe("signed-in");
    const session = r.status === "signed-in" ? r.session : null;
    const row = await db.session.findUniqueOrThrow({ where: { id: session!.sessionId } });
    expect(row.method).toBe("TEMPORARY_ACCESS_CODE");
    expect(await authenticationOf(row.id)).toMatchObject({ amr: ["pwd", "otp", "mfa"] });
    expect(await db.auditEvent.count({ where: { userId: carol.id, type: "TEMPORARY_ACCESS_CODE_USED" } })).toBe(1);
    expect((await db.temporaryAccessCode.findFirstOrThrow({ where: { userId: carol.id } })).usedAt).not.toBeNull();
    // The browser is not remembered on the strength of a one-time code.
    expect((await db.device.findUniqueOrThrow({ where: { id: row.deviceId } })).rememberedUntil).toBeNull();

    // Used: no longer offered, and the same code does not work again.
    expect(await browserFactorsFor({ id: carol.id, mfaSkip: "NOT_SET" })).toEqual([]);
    expect((await signInWithCode(carol.email, code)).status).toBe("no-second-step");
  });

  it("beside other factors: offered first while live; a wrong code counts as a failed second step", async () => {
    const { carol, admin } = await world();
    await db.authenticator.create({ data: { userId: carol.id, kind: "TOTP", name: "Old phone" } });
    const { code } = await issueTemporaryAccessCode({ actor: admin, userId: carol.id });
    expect(await browserFactorsFor({ id: carol.id, mfaSkip: "NOT_SET" })).toEqual(["temporary-code", "totp"]);
    const wrong = `${code.slice(0, -1)}${code.endsWith("A") ? "B" : "A"}`;
    expect((await signInWithCode(carol.email, wrong)).status).toBe("invalid");
    expect(
      await db.auditEvent.count({
        where: { userId: carol.id, type: "MFA_CHALLENGE_FAILED", detail: { path: ["method"], equals: "temporary-code" } },
      }),
    ).toBe(1);
    expect((await signInWithCode(carol.email, code)).status).toBe("signed-in");
  });

  it("expires: past its time it is neither offered nor accepted", async () => {
    const { carol, admin } = await world();
    await db.authenticator.create({ data: { userId: carol.id, kind: "TOTP", name: "Old phone" } });
    const { code } = await issueTemporaryAccessCode({ actor: admin, userId: carol.id });
    // A challenge opened while it was live, answered after it expired.
    const deviceToken = newDeviceToken();
    const first = await challenge(carol.email, deviceToken);
    expect(first).toMatchObject({ status: "mfa-required", methods: ["temporary-code", "totp"] });
    await db.temporaryAccessCode.updateMany({ where: { userId: carol.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const late = await completeMfaSignIn({
      challengeToken: first?.status === "mfa-required" ? first.challengeToken : "",
      deviceToken,
      credentials: { method: "temporary-code", code },
      context: context(),
    });
    expect(late.status).toBe("invalid");
    expect(await browserFactorsFor({ id: carol.id, mfaSkip: "NOT_SET" })).toEqual(["totp"]);
  });

  it("two sign-ins racing with the same code: exactly one gets in", async () => {
    const { carol, admin } = await world();
    const { code } = await issueTemporaryAccessCode({ actor: admin, userId: carol.id });
    const browsers = [newDeviceToken(), newDeviceToken()];
    const challenges = await Promise.all(browsers.map((b) => challenge(carol.email, b)));
    const results = await Promise.all(
      browsers.map((deviceToken, i) =>
        completeMfaSignIn({
          challengeToken: challenges[i]?.status === "mfa-required" ? challenges[i].challengeToken : "",
          deviceToken,
          credentials: { method: "temporary-code", code },
          context: context(),
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual(["invalid", "signed-in"]);
    expect(await db.auditEvent.count({ where: { userId: carol.id, type: "TEMPORARY_ACCESS_CODE_USED" } })).toBe(1);
  });
});

describe("what people are told", () => {
  it("the steps and history in plain words; a user a reset left without a factor is led to set one up", async () => {
    expect(secondFactorMethods({ authenticators: [], recoveryCodesLeft: 3, temporaryCodeLive: true })).toEqual(["temporary-code"]);
    expect(secondFactorMethods({ authenticators: [], recoveryCodesLeft: 0, temporaryCodeLive: true, mfaSkip: "SKIPPABLE" })).toEqual([]);
    expect(describeSignIn(["temporary-code"], "Carol")).toBe(
      "Signing in as Carol asks for their password, then the temporary access code from an administrator.",
    );

    const { carol, admin } = await world();
    await db.authenticator.create({ data: { userId: carol.id, kind: "PUSH", name: "iPhone", pushTokenEnc: "x", platformDeviceId: "p" } });
    await resetPush({ actor: admin, userId: carol.id });
    expect(await secondFactorSetupReason(carol.id, await getSecurityOverview(carol.id))).toBe("admin-reset");
    await issueTemporaryAccessCode({ actor: admin, userId: carol.id });
    // While a code is live the sign-in asks for it: nothing to lead them to yet.
    expect(await secondFactorSetupReason(carol.id, await getSecurityOverview(carol.id))).toBeNull();

    const { items } = await listActivity({ userId: carol.id, page: 1 });
    expect(items.map((i) => describeActivity(i, "Carol"))).toContain("Ada Admin issued a temporary access code for Carol's account");
    const used = { ...items[0]!, type: "TEMPORARY_ACCESS_CODE_USED", by: "you" as const, ip: null, detail: {} };
    expect(describeActivity(used)).toBe("A temporary access code was used to sign in");
  });
});

describe("retention", () => {
  it("codes used or expired more than a day ago are pruned; a live one stays", async () => {
    const { prune } = await import("@/server/maintenance/prune");
    const { carol, admin } = await world();
    await issueTemporaryAccessCode({ actor: admin, userId: carol.id });
    const old = await db.temporaryAccessCode.create({
      data: {
        userId: carol.id,
        codeHash: crypto.randomUUID(),
        createdAt: new Date(Date.now() - 3 * 86_400_000),
        expiresAt: new Date(Date.now() - 2 * 86_400_000),
      },
    });
    const r = await prune();
    if (!r.ran) return; // another test file's prune holds the lock: nothing to check here
    expect(r.temporaryAccessCodes).toBeGreaterThanOrEqual(1);
    const left = await db.temporaryAccessCode.findMany({ where: { userId: carol.id } });
    expect(left.map((c) => c.id)).not.toContain(old.id);
    expect(left).toHaveLength(1);
  });
});
