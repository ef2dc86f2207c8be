// Every operation on a user's data checks the actor itself (server/auth/assert-may-act-for.ts):
// called directly, past any action or route, another plain user is refused exactly as a missing
// thing is and nothing changes; the owner and an administrator may; a server key may where the
// operation serves server keys. The matrices (action-matrix, authorization-matrix) cover the callers.
import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import type { Actor } from "@/server/audit/actor";
import { untrustDevice } from "@/server/devices/untrust-device";
import { invalidateDevice } from "@/server/devices/invalidate-device";
import { deleteDevice } from "@/server/devices/delete-device";
import { markDeviceLost } from "@/server/devices/mark-device-lost";
import { renameDevice } from "@/server/devices/rename-device";
import { revokeSession } from "@/server/sessions/revoke-session";
import { revokeOtherSessions } from "@/server/sessions/revoke-other-sessions";
import { signOutStaleDevices } from "@/server/devices/sign-out-stale-devices";
import { confirmDevice } from "@/server/devices/confirm-device";
import { removeAuthenticator } from "@/server/mfa/remove-authenticator";
import { regenerateRecoveryCodes } from "@/server/mfa/recovery-codes";
import { confirmTotpEnrolment } from "@/server/mfa/confirm-totp-enrolment";
import { startTotpEnrolment } from "@/server/mfa/start-totp-enrolment";
import { finishPasskeyRegistration, startPasskeyRegistration } from "@/server/mfa/passkey-registration";
import { registerMobileAuthenticator } from "@/server/mfa/register-mobile-authenticator";
import { loggingPushSender, setPushSender } from "@/server/mfa/push-sender";
import { updateEmailPreferences, getEmailPreferences } from "@/server/mail/email-preferences";
import { issueTemporaryAccessCode } from "@/server/admin/issue-temporary-access-code";
import { endTemporaryAccessCode } from "@/server/admin/end-temporary-access-code";
import { context, createUser } from "./factories";
import { passkeyRegistrationResponse } from "./passkey-attestation";

type Caller = "otherUser" | "owner" | "admin" | "server";
type SessionActor = Actor & { sessionId: string };

/** A user with a laptop (the session they act from) and a trusted phone, each signed in, and an authenticator app. */
async function world() {
  const owner = await createUser();
  const userId = owner.id;
  const signedIn = async (id: string, name: string, trustedAt: Date | null = null) => {
    const device = await db.device.create({ data: { userId: id, name, trustedAt } });
    const session = await db.session.create({ data: { userId: id, deviceId: device.id, expiresAt: new Date(Date.now() + 86_400_000) } });
    return { device, session };
  };
  const laptop = await signedIn(userId, "Laptop");
  const phone = await signedIn(userId, "Phone", new Date());
  const totp = await db.authenticator.create({ data: { userId, kind: "TOTP", name: "Authenticator app" } });
  const actorOf = async (role: "USER" | "ADMIN"): Promise<SessionActor> => {
    const someone = await createUser({ role });
    return { userId: someone.id, sessionId: (await signedIn(someone.id, "Desk")).session.id, role, context: context() };
  };
  const actors: Record<Caller, SessionActor | Actor> = {
    otherUser: await actorOf("USER"),
    owner: { userId, sessionId: laptop.session.id, role: "USER", context: context() },
    admin: await actorOf("ADMIN"),
    server: { userId: null, role: "ADMIN", context: { ...context(), via: "server API key “backend”" } },
  };
  return { owner, userId, phone, totp, actors };
}
type World = Awaited<ReturnType<typeof world>>;

/** Each operation as its callers call it, on the owner's things; `what` names the thing a refusal says is not found. */
const OPERATIONS: Record<string, { what: string; servesServerKeys?: true; run: (actor: SessionActor, w: World) => Promise<unknown> }> = {
  untrustDevice: { what: "Device", run: (actor, w) => untrustDevice({ actor, userId: w.userId, deviceId: w.phone.device.id }) },
  invalidateDevice: {
    what: "Device",
    servesServerKeys: true,
    run: (actor, w) => invalidateDevice({ actor, userId: w.userId, deviceId: w.phone.device.id }),
  },
  deleteDevice: { what: "Device", run: (actor, w) => deleteDevice({ actor, userId: w.userId, deviceId: w.phone.device.id }) },
  markDeviceLost: { what: "Device", run: (actor, w) => markDeviceLost({ actor, userId: w.userId, deviceId: w.phone.device.id }) },
  renameDevice: {
    what: "Device",
    run: (actor, w) => renameDevice({ actor, userId: w.userId, deviceId: w.phone.device.id, name: "Work phone" }),
  },
  revokeSession: { what: "Session", run: (actor, w) => revokeSession({ actor, userId: w.userId, sessionId: w.phone.session.id }) },
  revokeOtherSessions: { what: "User", run: (actor, w) => revokeOtherSessions({ actor, userId: w.userId }) },
  // The phone, not used for 90 days as far as this call knows (its `now` is 100 days on).
  signOutStaleDevices: {
    what: "User",
    run: (actor, w) =>
      signOutStaleDevices({
        actor,
        userId: w.userId,
        deviceIds: [w.phone.device.id],
        currentDeviceId: null,
        now: new Date(Date.now() + 100 * 86_400_000),
      }),
  },
  confirmDevice: { what: "Device", run: (actor, w) => confirmDevice({ actor, userId: w.userId, deviceId: w.phone.device.id }) },
  removeAuthenticator: {
    what: "Authenticator",
    run: (actor, w) => removeAuthenticator({ actor, userId: w.userId, authenticatorId: w.totp.id }),
  },
  regenerateRecoveryCodes: { what: "User", run: (actor, w) => regenerateRecoveryCodes({ actor, userId: w.userId }) },
  confirmTotpEnrolment: {
    what: "User",
    run: async (actor, { owner, userId }) => {
      const { enrolmentToken, secret } = await startTotpEnrolment({ userId, email: owner.email, name: "Second app" });
      return confirmTotpEnrolment({ actor, userId, deviceId: null, enrolmentToken, code: await generate({ secret }) });
    },
  },
  finishPasskeyRegistration: {
    what: "User",
    run: async (actor, { owner, userId }) => {
      const { options, token } = await startPasskeyRegistration({ userId, email: owner.email, name: owner.name });
      const response = passkeyRegistrationResponse({ challenge: options.challenge, rpID: options.rp.id!, origin: process.env.AUTH_URL! });
      return finishPasskeyRegistration({ actor, userId, deviceId: null, token, response, name: "Security key" });
    },
  },
  registerMobileAuthenticator: {
    what: "User",
    run: (actor, w) =>
      registerMobileAuthenticator({
        actor,
        userId: w.userId,
        deviceId: null,
        input: {
          kind: "BINDING",
          data: { deviceName: "Pixel", platformDeviceId: "pixel-1", publicKey: Buffer.alloc(65, 4).toString("base64url") },
        },
      }),
  },
  updateEmailPreferences: {
    what: "User",
    run: async (actor, { userId }) => {
      const preferences = await getEmailPreferences(userId);
      return updateEmailPreferences({
        actor,
        userId,
        preferences: { ...preferences, emailOnTokenCreated: !preferences.emailOnTokenCreated },
      });
    },
  },
};

/** Every row the owner has, and how many rows each table holds: what a refused call must leave as it was. */
async function database(userId: string) {
  const mine = { where: { userId }, orderBy: { id: "asc" as const } };
  return {
    user: await db.user.findUniqueOrThrow({ where: { id: userId } }),
    devices: await db.device.findMany(mine),
    sessions: await db.session.findMany(mine),
    authenticators: await db.authenticator.findMany(mine),
    recoveryCodes: await db.recoveryCode.findMany(mine),
    counts: await Promise.all([
      db.device.count(),
      db.session.count(),
      db.authenticator.count(),
      db.recoveryCode.count(),
      db.auditEvent.count(),
    ]),
  };
}

/** The owner's audit rows naming this actor: an allowed call records one. */
const recorded = (w: World, actor: Actor) => db.auditEvent.count({ where: { userId: w.userId, actorId: actor.userId } });

beforeAll(() => {
  process.env.AUTH_URL = "http://localhost:3000"; // the passkey relying party, as a deployment configures it
  setPushSender({ send: async () => undefined });
});
afterAll(() => {
  delete process.env.AUTH_URL;
  setPushSender(loggingPushSender);
});

describe.each(Object.entries(OPERATIONS))("%s", (_, { what, servesServerKeys, run }) => {
  it(`another plain user is answered "${what} not found" and nothing changes`, async () => {
    const w = await world();
    const before = await database(w.userId);
    await expect(run(w.actors.otherUser as SessionActor, w)).rejects.toMatchObject({ code: "NOT_FOUND", userMessage: `${what} not found` });
    expect(await database(w.userId)).toEqual(before);
  });

  const allowed: Caller[] = ["owner", "admin", ...(servesServerKeys ? (["server"] as const) : [])];
  it.each(allowed)("the %s may", async (caller) => {
    const w = await world();
    const actor = w.actors[caller] as SessionActor;
    const before = await recorded(w, actor);
    await expect(run(actor, w)).resolves.toBeDefined();
    expect(await recorded(w, actor)).toBe(before + 1);
  });
});

/**
 * Administrators' own operations on a user (server/admin/): neither the user themself nor another
 * plain user may, answered FORBIDDEN with nothing changed; an administrator may, audited.
 */
const ADMIN_OPERATIONS: Record<string, (actor: Actor, w: World) => Promise<unknown>> = {
  issueTemporaryAccessCode: (actor, w) => issueTemporaryAccessCode({ actor, userId: w.userId }),
  endTemporaryAccessCode: (actor, w) => endTemporaryAccessCode({ actor, userId: w.userId }),
};

/** The owner's world with a live temporary access code, so ending one has something to end. */
async function worldWithCode() {
  const w = await world();
  await db.temporaryAccessCode.create({
    data: { userId: w.userId, codeHash: crypto.randomUUID(), expiresAt: new Date(Date.now() + 600_000) },
  });
  return w;
}

describe.each(Object.entries(ADMIN_OPERATIONS))("%s (administrators only)", (_, run) => {
  it.each(["owner", "otherUser"] as const)("the %s is refused and nothing changes", async (caller) => {
    const w = await worldWithCode();
    const before = { ...(await database(w.userId)), codes: await db.temporaryAccessCode.findMany({ where: { userId: w.userId } }) };
    await expect(run(w.actors[caller], w)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect({ ...(await database(w.userId)), codes: await db.temporaryAccessCode.findMany({ where: { userId: w.userId } }) }).toEqual(
      before,
    );
  });

  it("an administrator may", async () => {
    const w = await worldWithCode();
    const before = await recorded(w, w.actors.admin);
    await expect(run(w.actors.admin, w)).resolves.toBeDefined();
    expect(await recorded(w, w.actors.admin)).toBe(before + 1);
  });
});
