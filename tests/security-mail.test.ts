import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db/client";
import type { Actor } from "@/server/audit/actor";
import { signInWithPassword } from "@/server/auth/sign-in-with-password";
import { validateSession } from "@/server/auth/validate-session";
import { createApiToken } from "@/server/api-tokens/create-api-token";
import { requestPasswordReset, resetPassword, peekPasswordReset } from "@/server/auth/password-reset";
import { verifyPassword } from "@/server/auth/password";
import { reportDevice, peekDeviceReport } from "@/server/devices/report-device";
import { consumeEmailLink, createEmailLink, peekEmailLink } from "@/server/mail/email-links";
import { deliverMail, closeMailTransport } from "@/server/mail/deliver-mail";
import { signInNowOf } from "@/server/mfa/second-factor-policy";
import { softwareOf } from "@/lib/user-agent";
import { updateEmailPreferences, getEmailPreferences } from "@/server/mail/email-preferences";
import { renderMail } from "@/server/mail/messages";
import { appBaseUrl, mailFrom, mailMode, smtpUrl } from "@/server/mail/mail-config";
import { mayReadDevOutbox } from "@/server/mail/dev-outbox";
import { locate } from "@/server/location/locate";
import { resetOath } from "@/server/admin/reset-authenticators";
import { setUserDisabled, signOutEverywhere } from "@/server/admin/manage-user";
import { changePassword } from "@/server/auth/change-password";
import { startTestSmtp, type TestSmtp, type ReceivedMail } from "@/scripts/lib/test-smtp";
import { browser, context, createUser, newDeviceToken, TEST_PASSWORD } from "./factories";

const BERLIN = "81.169.145.1";
const LONDON = "81.2.69.142";
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startTestSmtp();
  process.env.SMTP_URL = smtp.url;
  process.env.AUTH_URL = "http://devicekeeper.test";
});
afterAll(async () => {
  closeMailTransport();
  await smtp.close();
  delete process.env.SMTP_URL;
});

const signIn = (email: string, ip = BERLIN, ua = browser.mac, deviceToken = newDeviceToken()) =>
  signInWithPassword({ credentials: { email, password: TEST_PASSWORD }, deviceToken, context: context(ua, ip) });

const mailsOf = (userId: string) => db.mailOutbox.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });
const inbox = (to: string) => smtp.mails.filter((m) => m.to.includes(to));
/** Sends everything due (the whole shared database's, on PostgreSQL) through the test SMTP server, as the server's worker does. */
const deliverAll = async (now = () => new Date()) => {
  while ((await deliverMail({ mode: "smtp", now, limit: 50, signInNow: signInNowOf })) > 0);
};
const linkIn = (mail: ReceivedMail, label: string) => {
  const m = mail.text.match(new RegExp(`${label}: (\\S+)`));
  if (!m) throw new Error(`no "${label}" link in: ${mail.text}`);
  return new URL(m[1]!);
};
const actorOf = (userId: string): Actor => ({ userId, role: "USER", context: context() });
/** Work a reset request left for after its answer (Next's `after` in the app). */
const deferred: (() => Promise<void>)[] = [];
const defer = (work: () => Promise<void>) => void deferred.push(work);
const runDeferred = async () => {
  while (deferred.length) await deferred.shift()!();
};
const askReset = async (email: string, ip: string, next?: string) => {
  const result = await requestPasswordReset({ email, next, context: context(browser.mac, ip), defer });
  await runDeferred();
  return result;
};

describe("approximate location (offline)", () => {
  it("places public addresses at city level and nothing for private ones", () => {
    expect(locate(BERLIN)).toEqual({ label: "Berlin, Germany", country: "DE" });
    expect(locate(`::ffff:${LONDON}`)).toEqual({ label: "London, United Kingdom", country: "GB" });
    for (const ip of ["127.0.0.1", "::1", "10.1.2.3", "192.168.1.1", "203.0.113.9", "not an ip", null]) expect(locate(ip)).toBeNull();
  });

  it("keeps the place on the device, the session and the sign-in's audit row; a new country is unusual", async () => {
    const user = await createUser();
    const first = await signIn(user.email, BERLIN);
    const device = await db.device.findUniqueOrThrow({ where: { id: first!.deviceId } });
    expect(device).toMatchObject({ lastLocation: "Berlin, Germany", lastCountry: "DE" });
    expect(await db.session.findUniqueOrThrow({ where: { id: first!.sessionId } })).toMatchObject({
      location: "Berlin, Germany",
      country: "DE",
    });
    await signIn(user.email, LONDON, browser.linux);
    await signIn(user.email, LONDON, browser.linux);
    const signIns = await db.auditEvent.findMany({ where: { userId: user.id, type: "SIGN_IN" }, orderBy: { createdAt: "asc" } });
    expect(signIns.map((e) => (e.detail as { unusualCountry?: boolean }).unusualCountry)).toEqual([false, true, false]);
  });
});

describe("new-device email", () => {
  it("is not sent for the first device of an account; is sent for the next, naming account, device, place, IP and time", async () => {
    const user = await createUser();
    await signIn(user.email, BERLIN);
    expect(await mailsOf(user.id)).toHaveLength(0);
    await signIn(user.email, LONDON, browser.linux);
    const [queued] = await mailsOf(user.id);
    expect(queued).toMatchObject({ kind: "new-device", status: "PENDING" });

    await deliverAll();
    const [mail, more] = inbox(user.email);
    expect(more).toBeUndefined();
    expect(mail!.subject).toBe("New sign-in to your account on Firefox 144 on Linux near London, United Kingdom");
    for (const words of [
      user.email,
      "Firefox 144 on Linux",
      "near London, United Kingdom (approximate)",
      LONDON,
      "UTC",
      "security#email-alerts",
    ])
      expect(mail!.text).toContain(words);
    expect(mail!.text).toContain("a country this account has not signed in from before");
    // The place came from the location database: it is credited.
    expect(mail!.text).toContain("Approximate location by DB-IP (CC BY 4.0)");
    expect(mail!.html).toContain('<a href="https://db-ip.com"');
    expect(mail!.html).toContain("This wasn&#39;t me".replace("&#39;", "'"));
    expect(mail!.html).not.toMatch(/<img|<script/i);
    expect((await mailsOf(user.id))[0]).toMatchObject({ status: "SENT", toAddress: user.email, text: null, html: null });
  });

  it("“This wasn't me” signs the device out and untrusts it, once, without a password; audited as the user's, through the link", async () => {
    const user = await createUser();
    await signIn(user.email, BERLIN);
    const intruder = await signIn(user.email, LONDON, browser.linux);
    await db.device.update({ where: { id: intruder!.deviceId }, data: { trustedAt: new Date() } });
    await deliverAll();
    const notMe = linkIn(inbox(user.email)[0]!, "This wasn't me");
    expect(notMe.pathname).toBe("/email/device");
    const token = notMe.searchParams.get("t")!;
    expect((await peekDeviceReport(token))?.device).toMatchObject({ place: "London, United Kingdom", ip: LONDON });

    const result = await reportDevice({ token, answer: "not-me", context: context(browser.mac, BERLIN) });
    expect(result).toMatchObject({ answer: "not-me", sessionsEnded: 1 });
    expect(await validateSession(intruder!.sessionId)).toBeNull();
    expect(await db.device.findUniqueOrThrow({ where: { id: intruder!.deviceId } })).toMatchObject({
      trustedAt: null,
      rememberedUntil: null,
    });
    const [audit] = await db.auditEvent.findMany({ where: { userId: user.id, type: "DEVICE_NOT_RECOGNIZED" } });
    expect(audit).toMatchObject({ actorId: user.id, deviceId: intruder!.deviceId, detail: { through: "email-link", sessionsEnded: 1 } });
    // It offers a new password at once: a reset link's token, good for the password form.
    expect(await peekPasswordReset(result.answer === "not-me" ? result.resetToken : "")).toMatchObject({ email: user.email });

    await expect(reportDevice({ token, answer: "not-me", context: context() })).rejects.toThrow("expired or was already used");
    await expect(reportDevice({ token, answer: "me", context: context() })).rejects.toThrow("expired or was already used");
  });

  it("“This was me” marks the device recognised", async () => {
    const user = await createUser();
    await signIn(user.email, BERLIN);
    const second = await signIn(user.email, BERLIN, browser.linux);
    await deliverAll();
    const token = linkIn(inbox(user.email)[0]!, "This was me").searchParams.get("t")!;
    expect(await reportDevice({ token, answer: "me", context: context() })).toEqual({ answer: "me", device: "Firefox 144 on Linux" });
    expect((await db.device.findUniqueOrThrow({ where: { id: second!.deviceId } })).recognizedAt).not.toBeNull();
    expect(await validateSession(second!.sessionId)).not.toBeNull();
  });
});

describe("the new-device email describes the sign-in as it was", () => {
  it("never names the device by a name chosen after the sign-in: not in the subject, the body or the page its link opens", async () => {
    const user = await createUser();
    await signIn(user.email, BERLIN);
    // An intruder signs in with no User-Agent and renames the device at once, before the email goes.
    const intruder = await signIn(user.email, LONDON, "");
    const lure = "Bob's MacBook (routine re-login, no action needed)";
    await db.device.update({ where: { id: intruder!.deviceId }, data: { name: lure } });
    await deliverAll();
    const [mail] = inbox(user.email);
    expect(mail!.subject).toBe("New sign-in to your account on an unrecognised browser near London, United Kingdom");
    expect(mail!.text).not.toContain("routine re-login");
    expect(mail!.html).not.toContain("routine re-login");
    const token = linkIn(mail!, "This wasn't me").searchParams.get("t")!;
    const report = await peekDeviceReport(token);
    expect(report?.device).toMatchObject({ software: "An unrecognised browser", place: "London, United Kingdom", ip: LONDON });
    expect(JSON.stringify(report)).not.toContain("routine re-login");
    const done = await reportDevice({ token, answer: "not-me", context: context() });
    expect(JSON.stringify(done)).not.toContain("routine re-login");
  });

  it("the page names the browser and place of that sign-in, even after the device signed in again from elsewhere", async () => {
    const user = await createUser();
    await signIn(user.email, BERLIN);
    const linux = await signIn(user.email, LONDON, browser.linux);
    await deliverAll();
    const token = linkIn(inbox(user.email)[0]!, "This wasn't me").searchParams.get("t")!;
    const again = await signIn(user.email, BERLIN, browser.linux, linux!.deviceToken);
    expect(again!.deviceId).toBe(linux!.deviceId);
    expect((await db.device.findUniqueOrThrow({ where: { id: linux!.deviceId } })).lastIp).toBe(BERLIN);
    expect((await peekDeviceReport(token))?.device).toMatchObject({ software: "Firefox 144 on Linux", ip: LONDON });
  });
});

describe("email links end when the password changes, and with every other way out", () => {
  /** A user with a second device (so a "Was this you?" email and link) and a reset link. */
  async function userWithLinks() {
    const user = await createUser();
    const own = await signIn(user.email, BERLIN);
    await signIn(user.email, LONDON, browser.linux);
    await askReset(user.email, `198.51.100.${Math.floor(Math.random() * 200) + 20}`);
    await deliverAll();
    const mails = inbox(user.email);
    const report = linkIn(
      mails.find((m) => m.subject.startsWith("New sign-in"))!,
      "This wasn't me",
    ).searchParams.get("t")!;
    const reset = linkIn(
      mails.find((m) => m.subject === "Reset your Devicekeeper password")!,
      "Choose a new password",
    ).searchParams.get("t")!;
    expect(await peekEmailLink(report, "DEVICE_REPORT")).not.toBeNull();
    expect(await peekEmailLink(reset, "PASSWORD_RESET")).not.toBeNull();
    const session = (await validateSession(own!.sessionId))!;
    return { user, session, report, reset };
  }

  async function expectLinksEnded({ report, reset }: { report: string; reset: string }) {
    expect(await peekEmailLink(report, "DEVICE_REPORT")).toBeNull();
    expect(await peekEmailLink(reset, "PASSWORD_RESET")).toBeNull();
    expect(await peekDeviceReport(report)).toBeNull();
    await expect(reportDevice({ token: report, answer: "not-me", context: context() })).rejects.toThrow("expired or was already used");
    await expect(resetPassword({ token: reset, password: "an attacker's new passphrase 7", context: context() })).rejects.toThrow(
      "expired or was already used",
    );
  }

  const admin = async () => ({ userId: (await createUser({ role: "ADMIN" })).id, role: "ADMIN" as const, context: context() });

  it("a password change (even keeping the other devices signed in)", async () => {
    const links = await userWithLinks();
    await changePassword({
      session: links.session,
      currentPassword: TEST_PASSWORD,
      newPassword: "a completely different passphrase 9",
      signOutOthers: false,
      context: context(),
    });
    await expectLinksEnded(links);
  });

  it("a password reset: the other reset links and every “Was this you?” link", async () => {
    const links = await userWithLinks();
    const another = await db.$transaction((tx) => createEmailLink(tx, { purpose: "PASSWORD_RESET", userId: links.user.id }));
    await resetPassword({ token: another, password: "a completely different passphrase 9", context: context() });
    await expectLinksEnded(links);
  });

  it("an administrator's “sign out everywhere”", async () => {
    const links = await userWithLinks();
    await signOutEverywhere({ actor: await admin(), userId: links.user.id });
    await expectLinksEnded(links);
  });

  it("disabling the account (and enabling it again revives none)", async () => {
    const links = await userWithLinks();
    const actor = await admin();
    await setUserDisabled({ actor, userId: links.user.id, disabled: true });
    await setUserDisabled({ actor, userId: links.user.id, disabled: false });
    await expectLinksEnded(links);
  });

  it("an email still waiting in the outbox when the password changed goes out without working links", async () => {
    const user = await createUser();
    const own = await signIn(user.email, BERLIN);
    await signIn(user.email, LONDON, browser.linux); // its "new device" email is queued, not sent
    await requestPasswordReset({ email: user.email, context: context(browser.mac, "192.0.2.77"), defer });
    await runDeferred(); // a reset email queued, not sent
    await changePassword({
      session: (await validateSession(own!.sessionId))!,
      currentPassword: TEST_PASSWORD,
      newPassword: "a completely different passphrase 9",
      signOutOthers: true,
      context: context(),
    });
    await deliverAll();
    const mails = inbox(user.email);
    const newDevice = mails.find((m) => m.subject.startsWith("New sign-in"))!;
    expect(newDevice.text).not.toContain("This wasn't me:");
    expect(newDevice.text).toContain("If this wasn't you, sign that device out on your devices page: http://devicekeeper.test/devices");
    expect(mails.find((m) => m.subject === "Reset your Devicekeeper password")).toBeUndefined();
    expect((await mailsOf(user.id)).find((m) => m.kind === "password-reset")).toMatchObject({ status: "SKIPPED" });
    expect(await db.emailLink.count({ where: { userId: user.id, usedAt: null } })).toBe(0);
  });

  it("“This wasn't me” still signs the device out from a 7-day link; the reset it offers lasts 30 minutes", async () => {
    const user = await createUser();
    await signIn(user.email, BERLIN);
    const intruder = await signIn(user.email, LONDON, browser.linux);
    await deliverAll();
    const token = linkIn(inbox(user.email)[0]!, "This wasn't me").searchParams.get("t")!;
    const sixDaysLater = new Date(Date.now() + 6 * 86_400_000);
    expect(await peekEmailLink(token, "DEVICE_REPORT", sixDaysLater)).not.toBeNull();
    const result = await reportDevice({ token, answer: "not-me", context: context() });
    expect(await validateSession(intruder!.sessionId)).toBeNull();
    const resetToken = result.answer === "not-me" ? result.resetToken : "";
    expect(await peekEmailLink(resetToken, "PASSWORD_RESET", new Date(Date.now() + 29 * 60_000))).not.toBeNull();
    expect(await peekEmailLink(resetToken, "PASSWORD_RESET", new Date(Date.now() + 31 * 60_000))).toBeNull();
  });
});

describe("forgot password does the same work for every address before it answers", () => {
  it("answers before looking the address up: the account's email is queued after the answer", async () => {
    const user = await createUser();
    const lookups = vi.spyOn(db.user, "findUnique");
    for (const email of [`nobody-${user.email}`, user.email]) {
      expect(await requestPasswordReset({ email, context: context(browser.mac, "192.0.2.78"), defer })).toEqual({ status: "sent" });
      expect(lookups).not.toHaveBeenCalled();
      expect(deferred).toHaveLength(1);
      await runDeferred();
      lookups.mockClear();
    }
    lookups.mockRestore();
    expect((await mailsOf(user.id)).map((m) => m.kind)).toEqual(["password-reset"]);
  });
});

describe("email link tokens", () => {
  it("expire, work once, only for their purpose, and never for another user's device", async () => {
    const user = await createUser();
    const other = await createUser();
    const otherDevice = (await signIn(other.email))!.deviceId;
    const now = new Date();
    const make = (purpose: "DEVICE_REPORT" | "PASSWORD_RESET", at = now, userId = user.id, deviceId: string | null = null) =>
      db.$transaction((tx) => createEmailLink(tx, { purpose, userId, deviceId, now: at }));

    const expired = await make("PASSWORD_RESET", new Date(now.getTime() - 31 * 60_000));
    expect(await peekEmailLink(expired, "PASSWORD_RESET")).toBeNull();
    const stillGood = await make("PASSWORD_RESET", new Date(now.getTime() - 29 * 60_000));
    expect(await peekEmailLink(stillGood, "PASSWORD_RESET")).not.toBeNull();
    const weekOld = await make("DEVICE_REPORT", new Date(now.getTime() - 7 * 86_400_000 - 1000), user.id, otherDevice);
    expect(await peekEmailLink(weekOld, "DEVICE_REPORT")).toBeNull();

    const reset = await make("PASSWORD_RESET");
    expect(await peekEmailLink(reset, "DEVICE_REPORT")).toBeNull(); // another purpose
    expect(await db.$transaction((tx) => consumeEmailLink(tx, reset, "PASSWORD_RESET"))).not.toBeNull();
    expect(await db.$transaction((tx) => consumeEmailLink(tx, reset, "PASSWORD_RESET"))).toBeNull(); // once
    for (const junk of ["", "x".repeat(43), null, 42, "a".repeat(200)]) expect(await peekEmailLink(junk, "PASSWORD_RESET")).toBeNull();

    // A link of this user naming another user's device does nothing to it.
    const crossed = await make("DEVICE_REPORT", now, user.id, otherDevice);
    await expect(reportDevice({ token: crossed, answer: "not-me", context: context() })).rejects.toThrow("expired or was already used");
    expect((await db.session.findMany({ where: { deviceId: otherDevice, revokedAt: null } })).length).toBe(1);
    // Only the hash is stored.
    expect(await db.emailLink.count({ where: { tokenHash: reset } })).toBe(0);
  });
});

describe("email preferences", () => {
  it("default on for the security-critical ones, off for the rest; turning one off stops its email; saving is audited once", async () => {
    const user = await createUser();
    expect(await getEmailPreferences(user.id)).toEqual({
      emailOnNewDevice: true,
      emailOnPasswordChange: true,
      emailOnAdminAction: true,
      emailOnSecondFactor: true,
      emailOnTokenCreated: false,
      emailOnFailedSignIns: false,
      emailOnAppAccess: true,
    });
    const first = await signIn(user.email);
    const actor: Actor = { ...actorOf(user.id), sessionId: first!.sessionId };
    await createApiToken({ actor, kind: "PERSONAL", name: "quiet", expiresInDays: 30 });
    expect(await mailsOf(user.id)).toHaveLength(0); // token emails are off by default

    const prefs = { ...(await getEmailPreferences(user.id)), emailOnNewDevice: false, emailOnTokenCreated: true };
    expect(await updateEmailPreferences({ actor, userId: user.id, preferences: prefs })).toEqual({ changed: 2 });
    expect(await updateEmailPreferences({ actor, userId: user.id, preferences: prefs })).toEqual({ changed: 0 });
    const audits = await db.auditEvent.findMany({ where: { userId: user.id, type: "EMAIL_PREFERENCES_CHANGED" } });
    expect(audits.map((a) => a.detail)).toEqual([{ turnedOn: ["emailOnTokenCreated"], turnedOff: ["emailOnNewDevice"] }]);

    await signIn(user.email, LONDON, browser.linux); // a new device: its email is off now
    await createApiToken({ actor, kind: "PERSONAL", name: "loud", expiresInDays: 30 });
    expect((await mailsOf(user.id)).map((m) => m.kind)).toEqual(["token-created"]);
  });
});

describe("delivery", () => {
  it("a failing SMTP server delays a message but never loses it: retried with backoff once the server is back", async () => {
    const user = await createUser();
    await signIn(user.email);
    await signIn(user.email, LONDON, browser.linux);
    smtp.setFailing(true);
    try {
      await deliverAll();
    } finally {
      smtp.setFailing(false);
    }
    let [row] = await mailsOf(user.id);
    expect(row).toMatchObject({ status: "PENDING", attempts: 1 });
    expect(row!.lastError).toMatch(/451|Try again later/);
    expect(row!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 20_000); // ~30 s later
    expect(inbox(user.email)).toHaveLength(0);

    await deliverAll(); // not due yet
    expect(inbox(user.email)).toHaveLength(0);
    await deliverAll(() => new Date(Date.now() + 60_000));
    [row] = await mailsOf(user.id);
    expect(row).toMatchObject({ status: "SENT", attempts: 2, lastError: null });
    expect(inbox(user.email)).toHaveLength(1);
  });

  it("several workers at once (instances) send each message exactly once", async () => {
    const users = await Promise.all(Array.from({ length: 6 }, () => createUser()));
    for (const u of users) {
      await signIn(u.email);
      await signIn(u.email, LONDON, browser.linux);
    }
    await Promise.all([deliverAll(), deliverAll(), deliverAll()]);
    for (const u of users) expect(inbox(u.email), u.email).toHaveLength(1);
  });

  it("an administrator's reset is emailed to the user, naming the administrator", async () => {
    const admin = await createUser({ role: "ADMIN" });
    await db.user.update({ where: { id: admin.id }, data: { name: "Ada Admin" } });
    const user = await createUser();
    await db.authenticator.create({ data: { userId: user.id, kind: "TOTP", name: "Phone" } });
    await resetOath({ actor: { userId: admin.id, role: "ADMIN", context: context(browser.mac, BERLIN) }, userId: user.id });
    expect((await mailsOf(user.id)).map((m) => m.kind)).toEqual(["admin-mfa-reset"]);
    await deliverAll();
    const [mail] = inbox(user.email);
    expect(mail!.subject).toBe("An administrator reset your authenticator apps");
    expect(mail!.text).toContain("Ada Admin reset your authenticator apps.");
    expect(mail!.text).toContain("By: Ada Admin, an administrator");
    // Where the administrator was is not the user's to read (the audit log keeps it for admins).
    expect(mail!.text).not.toContain(BERLIN);
    expect(mail!.text).not.toMatch(/IP address|Where:|DB-IP/);
    expect(mail!.html).not.toContain("DB-IP");
    expect(mail!.text).toContain("If you did not expect this, ask your administrator why.");
    // Its only second factor went: the email says so, and the way to set one up again.
    expect(mail!.text).toContain("From now on, signing in asks for your password only: there is no second step.");
    expect(mail!.text).toMatch(/Set up a second factor again: http:\/\/\S+\/security/);

    // Signed out everywhere: the way back in is a link, not only words.
    await signOutEverywhere({ actor: { userId: admin.id, role: "ADMIN", context: context() }, userId: user.id });
    await deliverAll();
    const out = inbox(user.email).find((m) => m.subject === "An administrator signed you out everywhere")!;
    expect(out.text).toMatch(/Sign in again to continue: http:\/\/\S+\/devices/);
  });

  it("after an administrator's reset, the email says what signing in still asks for", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const user = await createUser();
    await db.authenticator.create({ data: { userId: user.id, kind: "TOTP", name: "Phone" } });
    await db.authenticator.create({ data: { userId: user.id, kind: "WEBAUTHN", name: "YubiKey", credentialId: `cred-${user.id}` } });
    await resetOath({ actor: { userId: admin.id, role: "ADMIN", context: context() }, userId: user.id });
    await deliverAll();
    const [mail] = inbox(user.email);
    expect(mail!.text).toContain("From now on, signing in asks for your password, then a passkey or security key.");
    // A passkey is left: nothing to set up again, only a look at what is there.
    expect(mail!.text).toMatch(/See your second factors: http:\/\/\S+\/security/);
    expect(mail!.text).not.toContain("Set up a second factor again");
  });

  it("without SMTP: kept in the dev outbox (capture), or skipped when mail is off", async () => {
    const user = await createUser();
    await signIn(user.email);
    await signIn(user.email, LONDON, browser.linux);
    await deliverMail({ mode: "capture", limit: 50 });
    const [captured] = await mailsOf(user.id);
    expect(captured).toMatchObject({ status: "CAPTURED", toAddress: user.email });
    expect(captured!.text).toContain("This wasn't me: http://devicekeeper.test/email/device?t=");

    await signIn(user.email, BERLIN, browser.linux);
    await deliverMail({ mode: "off", limit: 50 });
    expect((await mailsOf(user.id))[1]).toMatchObject({ status: "SKIPPED", text: null });
  });

  it("failed sign-ins: one email at the 5th failure, at most one an hour (when turned on)", async () => {
    const user = await createUser();
    await db.user.update({ where: { id: user.id }, data: { emailOnFailedSignIns: true } });
    for (let i = 0; i < 7; i++)
      await signInWithPassword({
        credentials: { email: user.email, password: "wrong" },
        deviceToken: newDeviceToken(),
        context: context(browser.mac, "198.51.100.1"),
      });
    for (let i = 0; i < 5; i++)
      await signInWithPassword({
        credentials: { email: user.email, password: "wrong" },
        deviceToken: newDeviceToken(),
        context: context(browser.mac, "198.51.100.2"),
      });
    expect((await mailsOf(user.id)).map((m) => m.kind)).toEqual(["failed-sign-ins"]);
    await deliverAll();
    // Written when sent: the count then (this client's row reached 7 before delivery).
    expect(inbox(user.email)[0]!.text).toContain("There were 7 failed sign-in attempts");
  });
});

describe("password reset", () => {
  it("asked for on the way to an app, its link leads back there; never to another site", async () => {
    const user = await createUser();
    const ip = `198.51.100.${Math.floor(Math.random() * 200) + 20}`;
    await askReset(user.email, ip, "/oidc/interaction/abc_123");
    await deliverAll();
    const link = linkIn(inbox(user.email).at(-1)!, "Choose a new password");
    expect(link.pathname).toBe("/reset-password");
    expect(link.searchParams.get("next")).toBe("/oidc/interaction/abc_123");

    const other = await createUser();
    for (const next of ["//evil.example/x", "https://evil.example/", "/\\evil.example"]) await askReset(other.email, ip, next);
    await deliverAll();
    const links = inbox(other.email).map((m) => linkIn(m, "Choose a new password"));
    expect(links).toHaveLength(3);
    for (const l of links) expect(l.searchParams.has("next")).toBe(false);
  });

  it("answers alike for unknown and known accounts, emails a single-use link, and the new password ends every session and token", async () => {
    const user = await createUser();
    const ip = `198.51.100.${Math.floor(Math.random() * 200) + 20}`;
    expect(await askReset(`nobody-${user.email}`, ip)).toEqual({ status: "sent" });
    const session = await signIn(user.email);
    const actor: Actor = { ...actorOf(user.id), sessionId: session!.sessionId };
    const { token: pat } = await createApiToken({ actor, kind: "PERSONAL", name: "ci", expiresInDays: 30 });
    expect(await askReset(user.email, ip)).toEqual({ status: "sent" });
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "PASSWORD_RESET_REQUESTED" } })).toBe(1);
    await deliverAll();
    const mail = inbox(user.email).find((m) => m.subject === "Reset your Devicekeeper password")!;
    const token = linkIn(mail, "Choose a new password").searchParams.get("t")!;
    expect(mail.text).toContain("works once, for 30 minutes");

    await expect(resetPassword({ token, password: "password", context: context() })).rejects.toThrow(); // too weak: nothing changes
    const result = await resetPassword({ token, password: "a brand new passphrase 42", context: context() });
    expect(result).toEqual({ sessionsEnded: 1, tokensRevoked: 1, apps: [] });
    expect(await validateSession(session!.sessionId)).toBeNull();
    expect(await db.apiToken.findFirstOrThrow({ where: { userId: user.id } })).toHaveProperty("revokedAt");
    expect((await db.apiToken.findFirstOrThrow({ where: { userId: user.id } })).revokedAt).not.toBeNull();
    expect(pat).toBeTruthy();
    expect(
      await verifyPassword("a brand new passphrase 42", (await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash),
    ).toBe(true);
    await expect(resetPassword({ token, password: "another new passphrase 43", context: context() })).rejects.toThrow(
      "expired or was already used",
    );
    // …and the user is told.
    expect((await mailsOf(user.id)).map((m) => m.kind)).toContain("password-changed");
  });

  it("is rate-limited per account and client", async () => {
    const user = await createUser();
    const ip = `198.51.100.${Math.floor(Math.random() * 200) + 20}`;
    for (let i = 0; i < 3; i++) expect((await askReset(user.email, ip)).status).toBe("sent");
    expect((await askReset(user.email, ip)).status).toBe("locked");
    // Another client is not locked out, but the account gets no more than 3 emails in the window.
    expect((await askReset(user.email, "192.0.2.200")).status).toBe("sent");
    expect((await mailsOf(user.id)).filter((m) => m.kind === "password-reset")).toHaveLength(3);
  });
});

describe("rendering", () => {
  it("escapes what users wrote and names the browser's version", () => {
    expect(softwareOf(browser.mac)).toBe("Chrome 141 on macOS");
    const mail = renderMail({
      kind: "token-created",
      to: { email: "a@example.com", name: "<b>Ann</b>" },
      at: new Date("2026-12-01T10:00:00Z"),
      device: null,
      ip: null,
      place: null,
      unusualCountry: false,
      actorName: null,
      what: { name: `"><script>x</script>` },
      links: {
        forgotPassword: "http://x/f",
        security: "http://x/security",
        devices: "http://x/devices",
        apps: "http://x/apps",
        preferences: "http://x/p",
      },
    });
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("&lt;b&gt;Ann&lt;/b&gt;");
    expect(mail.text).toContain("Your tokens: http://x/settings/tokens");
  });
});

describe("mail configuration", () => {
  it("sends with SMTP_URL; without it keeps mail in development only; is off in production, whatever the database", () => {
    expect(mailMode({ SMTP_URL: "smtp://127.0.0.1:2525", DATABASE_URL: "postgres://x/y" })).toBe("smtp");
    expect(mailMode({ NODE_ENV: "development", DATABASE_URL: "postgres://x/y" })).toBe("capture");
    expect(mailMode({ NODE_ENV: "production" })).toBe("off"); // the embedded database too: no dev outbox in production
    expect(mailMode({ NODE_ENV: "production", DATABASE_URL: "postgres://x/y" })).toBe("off");
    expect(() => smtpUrl({ SMTP_URL: "http://mail.example.com" })).toThrow("must start with smtp:// or smtps://");
    expect(() => smtpUrl({ SMTP_URL: "not a url" })).toThrow("SMTP_URL must be a URL");
    expect(smtpUrl({ SMTP_URL: "smtps://u:p@mail.example.com:465" })).toBe("smtps://u:p@mail.example.com:465");
  });

  it("shows the dev outbox only while mail is captured, and only to this machine or an administrator", () => {
    const from = (ip: string | null) => ({ ip, userAgent: null });
    for (const ip of ["127.0.0.1", "::1", "::ffff:127.0.0.1"]) expect(mayReadDevOutbox(from(ip), null, "capture"), ip).toBe(true);
    for (const ip of ["203.0.113.9", "10.0.0.2", null]) expect(mayReadDevOutbox(from(ip), "USER", "capture"), String(ip)).toBe(false);
    expect(mayReadDevOutbox(from("203.0.113.9"), "ADMIN", "capture")).toBe(true);
    for (const mode of ["smtp", "off"] as const) expect(mayReadDevOutbox(from("127.0.0.1"), "ADMIN", mode)).toBe(false);
  });

  it("writes From and links from MAIL_FROM and AUTH_URL", () => {
    expect(mailFrom({ MAIL_FROM: "Security <security@example.com>" })).toBe("Security <security@example.com>");
    expect(mailFrom({ AUTH_URL: "https://devices.example.com/" })).toBe("Devicekeeper <no-reply@devices.example.com>");
    expect(mailFrom({ AUTH_URL: "http://127.0.0.1:3000" })).toBe("Devicekeeper <no-reply@devicekeeper.localhost>");
    expect(mailFrom({ AUTH_URL: "http://localhost:3000" })).toBe("Devicekeeper <no-reply@devicekeeper.localhost>");
    expect(appBaseUrl({ AUTH_URL: "https://devices.example.com/" })).toBe("https://devices.example.com");
  });
});
