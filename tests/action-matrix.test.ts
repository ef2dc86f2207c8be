// Who may call every server action: the actions are found by reading every "use server" file under
// app/ (so a new one the table does not list fails the suite, as does an export not made by
// defineAction), and each is called as the browser would — the real exported function, with the
// request's cookie — by every kind of caller, against a real database. A refused call changes
// nothing, so the next caller of the same action meets the same world; after a success, a fresh one.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { generate } from "otplib";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { encode } from "next-auth/jwt";
import { db } from "@/server/db/client";
import { getAuthSecret } from "@/server/config";
import { sessionCookieName } from "@/server/auth/cookies";
import { generateToken } from "@/server/api-tokens/token-secret";
import { startTotpEnrolment } from "@/server/mfa/start-totp-enrolment";
import { createEmailLink } from "@/server/mail/email-links";
import { createUser, grantOn, TEST_PASSWORD } from "./factories";

/** The request an action runs in: its cookie, and what the action did to it. */
const request = { cookie: undefined as string | undefined, cookieDeleted: false };
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (name === sessionCookieName() && request.cookie ? { name, value: request.cookie } : undefined),
    delete: () => void (request.cookieDeleted = true),
  }),
  headers: async () => new Headers({ "user-agent": "action-matrix" }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
// Work an action leaves for after its answer (the reset request's email) runs at once here.
vi.mock("next/server", async (original) => ({ ...(await original<object>()), after: (work: () => unknown) => void work() }));

const CALLERS = [
  "anonymous",
  "owner",
  "staleOwner",
  "otherUser",
  "admin",
  "staleAdmin",
  "revokedSession",
  "expiredSession",
  "disabledUser",
  "tokenAsCookie",
] as const;
type Caller = (typeof CALLERS)[number];

/**
 * Outcomes: ok; end = "Your session has ended" (the page goes to /sign-in); 404 = a "not found"
 * refusal (another user's thing, or a non-admin on an admin action); up = the password is asked
 * for again (step-up); no = another refusal by the operation (a setup bound to another user, a
 * passkey response that does not verify). "owner" and "admin" proved their password just now,
 * "staleOwner" and "staleAdmin" an hour ago.
 */
// prettier-ignore
const MATRIX: Record<string, string> = {
  //                                                           anon own  sown oth  adm  sadm rev  exp  dis  tok
  "app/(dashboard)/devices/actions.ts untrustDeviceAction":      "end ok   ok   404  404  404  end  end  end  end",
  "app/(dashboard)/devices/actions.ts invalidateDeviceAction":   "end ok   ok   404  404  404  end  end  end  end",
  "app/(dashboard)/devices/actions.ts deleteDeviceAction":       "end ok   ok   404  404  404  end  end  end  end",
  "app/(dashboard)/devices/actions.ts renameDeviceAction":       "end ok   ok   404  404  404  end  end  end  end",
  // It removes second factors: a recent password, as removing one on /security.
  "app/(dashboard)/devices/actions.ts markDeviceLostAction":     "end ok   up   404  404  up   end  end  end  end",
  "app/(dashboard)/devices/actions.ts revokeSessionAction":      "end ok   ok   404  404  404  end  end  end  end",
  "app/(dashboard)/devices/actions.ts signOutOtherDevicesAction": "end ok   ok   ok   ok   ok   end  end  end  end",
  // The checkup's "Sign out" acts on the caller's own devices among those named: another's are left alone.
  "app/(dashboard)/security/checkup/actions.ts signOutStaleDevicesAction": "end ok ok ok ok ok end end end end",
  "app/(dashboard)/security/checkup/actions.ts confirmDeviceAction": "end ok  ok   404  404  404  end  end  end  end",
  "app/(dashboard)/security/actions.ts startTotpEnrolmentAction": "end ok   up   ok   ok   up   end  end  end  end",
  "app/(dashboard)/security/actions.ts confirmTotpEnrolmentAction": "end ok  ok   no   no   no   end  end  end  end",
  "app/(dashboard)/security/actions.ts removeAuthenticatorAction": "end ok  up   404  404  up   end  end  end  end",
  "app/(dashboard)/security/actions.ts regenerateRecoveryCodesAction": "end ok up  ok   ok   up   end  end  end  end",
  "app/(dashboard)/security/actions.ts startPasskeyRegistrationAction": "end ok up  ok   ok   up   end  end  end  end",
  "app/(dashboard)/security/actions.ts finishPasskeyRegistrationAction": "end no no no   no   no   end  end  end  end",
  "app/(dashboard)/security/actions.ts changePasswordAction":     "end ok   ok   ok   ok   ok   end  end  end  end",
  "app/(dashboard)/settings/tokens/actions.ts createPersonalTokenAction": "end ok up ok ok   up   end  end  end  end",
  "app/(dashboard)/settings/tokens/actions.ts revokePersonalTokenAction": "end ok ok 404 404 404  end  end  end  end",
  "app/(dashboard)/security/actions.ts updateEmailPreferencesAction": "end ok ok ok ok ok end end end end",
  // Public: the proof is a single-use token in the input (or, for a reset request, nothing is revealed).
  "app/actions/account-recovery.ts requestPasswordResetAction":  "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
  "app/actions/account-recovery.ts resetPasswordAction":         "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
  "app/actions/account-recovery.ts reportDeviceAction":          "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
  "app/(dashboard)/apps/actions.ts removeAppAccessAction":        "end ok   ok   404  404  404  end  end  end  end",
  "app/(auth)/authorize/confirm/actions.ts confirmForAppAction":  "end ok   ok   ok   ok   ok   end  end  end  end",
  "app/actions/sign-out.ts signOutAction":                       "end ok   ok   ok   ok   ok   end  end  end  end",
  "app/admin/api-keys/actions.ts createServerKeyAction":         "end 404  404  404  ok   up   end  end  end  end",
  "app/admin/api-keys/actions.ts revokeServerKeyAction":         "end 404  404  404  ok   up   end  end  end  end",
  "app/admin/users/[userId]/actions.ts resetOathAction":         "end 404  404  404  ok   up   end  end  end  end",
  "app/admin/users/[userId]/actions.ts resetPushAction":         "end 404  404  404  ok   up   end  end  end  end",
  "app/admin/users/[userId]/actions.ts revokeRecoveryCodesAction": "end 404 404  404  ok   up   end  end  end  end",
  "app/admin/users/[userId]/actions.ts signOutEverywhereAction": "end 404  404  404  ok   up   end  end  end  end",
  "app/admin/users/[userId]/actions.ts issueTemporaryAccessCodeAction": "end 404 404 404 ok up end end end end",
  "app/admin/users/[userId]/actions.ts endTemporaryAccessCodeAction": "end 404 404 404 ok  up   end  end  end  end",
  "app/admin/users/[userId]/actions.ts disableUserAction":       "end 404  404  404  ok   up   end  end  end  end",
  "app/admin/users/[userId]/actions.ts enableUserAction":        "end 404  404  404  ok   up   end  end  end  end",
  "app/admin/users/[userId]/actions.ts deletePasskeyAction":     "end 404  404  404  ok   up   end  end  end  end",
  "app/admin/users/[userId]/actions.ts deleteBoundDeviceAction": "end 404  404  404  ok   up   end  end  end  end",
  "app/admin/users/[userId]/actions.ts adminUntrustDeviceAction": "end 404 404  404  ok   up   end  end  end  end",
  "app/admin/users/[userId]/actions.ts adminInvalidateDeviceAction": "end 404 404 404  ok   up   end  end  end  end",
  "app/admin/users/[userId]/actions.ts adminDeleteDeviceAction": "end 404  404  404  ok   up   end  end  end  end",
  "app/admin/users/[userId]/actions.ts adminMarkDeviceLostAction": "end 404 404 404  ok   up   end  end  end  end",
  "app/admin/users/[userId]/actions.ts adminRevokeSessionAction": "end 404  404  404  ok   up   end  end  end  end",
  "app/admin/users/[userId]/actions.ts adminRevokeUserTokenAction": "end 404 404 404 ok up end end end end",
  "app/admin/users/[userId]/actions.ts adminRemoveAppAccessAction": "end 404 404 404 ok   up   end  end  end  end",
  "app/admin/users/[userId]/actions.ts setSessionLimitAction":   "end 404  404  404  ok   up   end  end  end  end",
  "app/admin/webhooks/actions.ts createWebhookEndpointAction":   "end 404  404  404  ok   up   end  end  end  end",
  "app/admin/webhooks/actions.ts setWebhookEnabledAction":       "end 404  404  404  ok   up   end  end  end  end",
  "app/admin/webhooks/actions.ts deleteWebhookEndpointAction":   "end 404  404  404  ok   up   end  end  end  end",
  "app/admin/webhooks/actions.ts rotateWebhookSecretAction":     "end 404  404  404  ok   up   end  end  end  end",
  "app/admin/webhooks/actions.ts sendTestWebhookAction":         "end 404  404  404  ok   up   end  end  end  end",
  "app/admin/webhooks/actions.ts redeliverWebhookAction":        "end 404  404  404  ok   up   end  end  end  end",
  "app/admin/apps/actions.ts createAppAction":                   "end 404  404  404  ok   up   end  end  end  end",
  "app/admin/apps/actions.ts updateAppAction":                   "end 404  404  404  ok   up   end  end  end  end",
  "app/admin/apps/actions.ts rotateAppSecretAction":             "end 404  404  404  ok   up   end  end  end  end",
  "app/admin/apps/actions.ts setAppEnabledAction":               "end 404  404  404  ok   up   end  end  end  end",
  "app/admin/apps/actions.ts deleteAppAction":                   "end 404  404  404  ok   up   end  end  end  end",
};

/** Every "use server" file under app/, relative to the project root. */
function serverActionFiles(dir = "app"): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return serverActionFiles(p);
    return /\.tsx?$/.test(e.name) && /^\s*(\/\/[^\n]*\n\s*)*["']use server["']/.test(fs.readFileSync(p, "utf8"))
      ? [p.split(path.sep).join("/")]
      : [];
  });
}

type Action = ((input?: unknown) => Promise<{ ok: boolean; error?: string; stepUpRequired?: true; signedOut?: true }>) & {
  access?: string;
};

async function discoverActions(): Promise<Map<string, Action>> {
  const found = new Map<string, Action>();
  for (const file of serverActionFiles()) {
    const mod = (await import(/* @vite-ignore */ path.resolve(file))) as Record<string, Action>;
    for (const [name, value] of Object.entries(mod)) found.set(`${file} ${name}`, value);
  }
  return found;
}

const HOUR = 3_600_000;
const MATRIX_HOOK = "https://93.184.215.14/action-matrix";
const MATRIX_APP = "action-matrix";
const APP_INPUT = { name: MATRIX_APP, redirectUris: ["https://93.184.215.14/callback"], scopes: ["openid", "profile"] };

async function sessionFor(userId: string, deviceId: string, s: { revokedAt?: Date; expiresAt?: Date; verifiedAt?: Date } = {}) {
  const row = await db.session.create({
    data: {
      userId,
      deviceId,
      expiresAt: s.expiresAt ?? new Date(Date.now() + 86_400_000),
      revokedAt: s.revokedAt ?? null,
      verifiedAt: s.verifiedAt ?? new Date(),
    },
  });
  return encode({ token: { sub: userId, sid: row.id }, secret: getAuthSecret() });
}

async function userWithSession(role: "USER" | "ADMIN" = "USER", s: { revokedAt?: Date; expiresAt?: Date; verifiedAt?: Date } = {}) {
  const user = await createUser({ role });
  const device = await db.device.create({ data: { userId: user.id, name: "Laptop" } });
  return { user, device, cookie: await sessionFor(user.id, device.id, s) };
}

/** Everything a row's cells need: the owner's things and every kind of caller. */
type World = Awaited<ReturnType<typeof world>>;
async function world() {
  const owner = await userWithSession();
  const phone = await db.device.create({ data: { userId: owner.user.id, name: "Phone" } });
  const phoneSession = await db.session.create({
    data: { userId: owner.user.id, deviceId: phone.id, expiresAt: new Date(Date.now() + 86_400_000) },
  });
  const auth = (kind: "TOTP" | "PUSH" | "WEBAUTHN" | "BINDING") =>
    db.authenticator.create({
      data: { userId: owner.user.id, kind, name: kind, ...(kind === "WEBAUTHN" && { credentialId: crypto.randomUUID() }) },
    });
  const [totp, , webauthn, binding] = await Promise.all([auth("TOTP"), auth("PUSH"), auth("WEBAUTHN"), auth("BINDING")]);
  const pat = generateToken("PERSONAL");
  const patRow = await db.apiToken.create({
    data: { kind: "PERSONAL", userId: owner.user.id, name: "CI", tokenHash: pat.tokenHash, prefix: pat.prefix },
  });
  // Off, so the outbox triggers stay quiet; an IP literal, so the SSRF guard needs no DNS.
  const hook = await db.webhookEndpoint.create({ data: { url: MATRIX_HOOK, events: ["*"], enabled: false, secretEnc: "v1.x" } });
  const hookDelivery = await db.webhookDelivery.create({
    data: { endpointId: hook.id, eventId: "evt_matrix", eventType: "webhook.test", payload: "{}", status: "SUCCEEDED" },
  });
  const key = generateToken("SERVER");
  const keyRow = await db.apiToken.create({
    data: { kind: "SERVER", userId: null, name: "action-matrix", tokenHash: key.tokenHash, prefix: key.prefix },
  });
  // An app the owner signed in to on the phone: its grant hangs from the phone's session.
  const app = await db.oidcClient.create({ data: { ...APP_INPUT, confidential: true } });
  await grantOn({ userId: owner.user.id, clientId: app.id, dkSessionId: phoneSession.id });
  const enrolment = await startTotpEnrolment({ userId: owner.user.id, email: owner.user.email, name: "Phone app" });

  const disabled = await userWithSession();
  await db.user.update({ where: { id: disabled.user.id }, data: { disabledAt: new Date() } });
  const stale = new Date(Date.now() - HOUR);
  const cookies: Record<Caller, string | undefined> = {
    anonymous: undefined,
    owner: owner.cookie,
    staleOwner: await sessionFor(owner.user.id, owner.device.id, { verifiedAt: stale }),
    otherUser: (await userWithSession()).cookie,
    admin: (await userWithSession("ADMIN")).cookie,
    staleAdmin: (await userWithSession("ADMIN", { verifiedAt: stale })).cookie,
    revokedSession: await sessionFor(owner.user.id, owner.device.id, { revokedAt: new Date() }),
    expiredSession: await sessionFor(owner.user.id, owner.device.id, { expiresAt: new Date(Date.now() - 1000) }),
    disabledUser: disabled.cookie,
    tokenAsCookie: pat.token,
  };

  const userId = owner.user.id;
  const link = (purpose: "PASSWORD_RESET" | "DEVICE_REPORT") =>
    db.$transaction((tx) => createEmailLink(tx, { purpose, userId, deviceId: purpose === "DEVICE_REPORT" ? phone.id : null }));
  const inputs: Record<string, unknown> = {
    untrustDeviceAction: { deviceId: phone.id },
    invalidateDeviceAction: { deviceId: phone.id },
    deleteDeviceAction: { deviceId: phone.id },
    markDeviceLostAction: { deviceId: phone.id },
    renameDeviceAction: { deviceId: phone.id, name: "Work phone" },
    revokeSessionAction: { sessionId: phoneSession.id },
    signOutOtherDevicesAction: {},
    signOutStaleDevicesAction: { deviceIds: phone.id },
    confirmDeviceAction: { deviceId: phone.id },
    startTotpEnrolmentAction: { name: "Second app" },
    confirmTotpEnrolmentAction: {
      enrolmentToken: enrolment.enrolmentToken,
      code: await generate({ secret: enrolment.secret }),
      signOutOthers: false,
    },
    removeAuthenticatorAction: { authenticatorId: totp.id, signOutOthers: false },
    regenerateRecoveryCodesAction: {},
    startPasskeyRegistrationAction: { name: "Security key" },
    finishPasskeyRegistrationAction: {
      token: "x".repeat(20),
      name: "Key",
      response: { id: "a", rawId: "a", type: "public-key", response: {} },
      signOutOthers: false,
    },
    changePasswordAction: {
      currentPassword: TEST_PASSWORD,
      newPassword: "a much longer passphrase, 2026 edition",
      confirmPassword: "a much longer passphrase, 2026 edition",
    },
    createPersonalTokenAction: { name: "Deploy", expiresInDays: "30" },
    revokePersonalTokenAction: { tokenId: patRow.id },
    signOutAction: {},
    removeAppAccessAction: { clientId: app.id },
    adminRemoveAppAccessAction: { userId, clientId: app.id },
    confirmForAppAction: { currentPassword: TEST_PASSWORD },
    createServerKeyAction: { name: "Backend", expiresInDays: "0" },
    revokeServerKeyAction: { tokenId: keyRow.id },
    resetOathAction: { userId },
    resetPushAction: { userId },
    revokeRecoveryCodesAction: { userId },
    signOutEverywhereAction: { userId },
    issueTemporaryAccessCodeAction: { userId },
    endTemporaryAccessCodeAction: { userId },
    disableUserAction: { userId },
    enableUserAction: { userId },
    deletePasskeyAction: { userId, id: webauthn.id },
    deleteBoundDeviceAction: { userId, id: binding.id },
    adminUntrustDeviceAction: { userId, id: phone.id },
    adminInvalidateDeviceAction: { userId, id: phone.id },
    adminDeleteDeviceAction: { userId, id: phone.id },
    adminMarkDeviceLostAction: { userId, id: phone.id },
    adminRevokeSessionAction: { userId, id: phoneSession.id },
    setSessionLimitAction: { userId, maxSessions: "1" },
    adminRevokeUserTokenAction: { userId, id: patRow.id },
    createWebhookEndpointAction: { url: MATRIX_HOOK, description: "", events: "session.*,device.deleted", enabled: false },
    setWebhookEnabledAction: { endpointId: hook.id, enabled: "false" },
    deleteWebhookEndpointAction: { endpointId: hook.id },
    rotateWebhookSecretAction: { endpointId: hook.id },
    sendTestWebhookAction: { endpointId: hook.id },
    redeliverWebhookAction: { endpointId: hook.id, deliveryId: hookDelivery.id },
    createAppAction: APP_INPUT,
    updateAppAction: { appId: app.id, ...APP_INPUT, firstParty: true },
    rotateAppSecretAction: { appId: app.id },
    setAppEnabledAction: { appId: app.id, enabled: "false" },
    deleteAppAction: { appId: app.id },
    updateEmailPreferencesAction: {
      emailOnNewDevice: false,
      emailOnPasswordChange: true,
      emailOnAdminAction: true,
      emailOnSecondFactor: true,
      emailOnTokenCreated: true,
      emailOnFailedSignIns: false,
      emailOnAppAccess: true,
    },
    requestPasswordResetAction: { email: owner.user.email },
    resetPasswordAction: { token: await link("PASSWORD_RESET"), password: "a much longer passphrase, 2026 edition" },
    reportDeviceAction: { token: await link("DEVICE_REPORT"), answer: "not-me" },
  };
  return { cookies, inputs, ownerId: userId };
}

function outcome(r: Awaited<ReturnType<Action>>): string {
  if (r.ok) return "ok";
  if (r.signedOut) return "end";
  if (r.stepUpRequired) return "up";
  if (/not found/i.test(r.error ?? "")) return "404";
  return "no";
}

beforeEach(() => {
  request.cookie = undefined;
  request.cookieDeleted = false;
});

describe("authorization matrix (server actions)", async () => {
  const actions = await discoverActions();

  it("lists every exported server action, each made by defineAction (or definePublicAction), and nothing else", () => {
    expect([...actions.keys()].sort()).toEqual(Object.keys(MATRIX).sort());
    for (const [name, action] of actions) expect(action.access, name).toMatch(/^(user|recently-verified|admin|public)$/);
  });

  for (const [name, action] of actions) {
    const expected = (MATRIX[name] ?? "").split(/\s+/).filter(Boolean);
    it(name, async () => {
      const got: Record<string, string> = {};
      // Webhook endpoints and apps count toward installation-wide caps too.
      const discard = async () => {
        await db.webhookEndpoint.deleteMany({ where: { url: MATRIX_HOOK } });
        await db.oidcClient.deleteMany({ where: { name: MATRIX_APP } });
      };
      let w: World | undefined;
      for (const caller of CALLERS) {
        w ??= await world();
        request.cookie = w.cookies[caller];
        const history = await db.auditEvent.count({ where: { userId: w.ownerId } });
        got[caller] = outcome(await action(w.inputs[name.split(" ")[1]!]));
        // What lets the next caller meet the same world: a refusal changed nothing (not even a history line).
        if (got[caller] !== "ok") expect(await db.auditEvent.count({ where: { userId: w.ownerId } }), `${caller} refused`).toBe(history);
        if (got[caller] === "ok") {
          await discard();
          w = undefined;
        }
      }
      await discard();
      // Server keys count toward one installation-wide cap (other test files share a PostgreSQL database).
      await db.apiToken.updateMany({
        where: { kind: "SERVER", revokedAt: null, name: { in: ["action-matrix", "Backend"] } },
        data: { revokedAt: new Date() },
      });
      expect(got).toEqual(Object.fromEntries(CALLERS.map((c, i) => [c, expected[i]])));
    });
  }

  it("clears the cookie only when the action ended the caller's own session", async () => {
    const w = await world();
    request.cookie = w.cookies.owner;
    await actions.get("app/(dashboard)/devices/actions.ts untrustDeviceAction")!(w.inputs.untrustDeviceAction);
    expect(request.cookieDeleted).toBe(false);
    await actions.get("app/actions/sign-out.ts signOutAction")!({});
    expect(request.cookieDeleted).toBe(true);
  });
});
