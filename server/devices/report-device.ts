import "server-only";
import { db } from "@/server/db/client";
import { appsSignedIn } from "@/server/sessions/apps-of-sessions";
import { recordEvent } from "@/server/audit/record-event";
import { endSessions } from "@/server/sessions/end-sessions";
import { consumeEmailLink, createEmailLink, peekEmailLink } from "@/server/mail/email-links";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import { softwareOf } from "@/lib/user-agent";

/** The sign-in a "Was this you?" link is about, as it was then (never a name someone chose since). */
export type ReportedDevice = { software: string; place: string | null; ip: string | null; signedInAt: string | null };

/**
 * The device a "Was this you?" link is about, for the page it opens, with the apps signed in on it
 * now (which "This wasn't me" signs out too); null when the link cannot be used.
 */
export async function peekDeviceReport(token: unknown): Promise<{ device: ReportedDevice; email: string; apps: string[] } | null> {
  const link = await peekEmailLink(token, "DEVICE_REPORT");
  if (!link?.deviceId) return null;
  const [device, signIn, apps] = await Promise.all([
    db.device.findFirst({
      where: { id: link.deviceId, userId: link.userId },
      select: { userAgent: true, lastIp: true, lastLocation: true, authenticatedAt: true, user: { select: { email: true } } },
    }),
    link.auditEventId
      ? db.auditEvent.findFirst({
          where: { id: link.auditEventId, userId: link.userId },
          select: { ip: true, userAgent: true, detail: true, createdAt: true },
        })
      : null,
    appsSignedIn({ userId: link.userId, deviceIds: [link.deviceId] }),
  ]);
  if (!device) return null;
  const place = (signIn?.detail as { location?: unknown } | undefined)?.location;
  return {
    email: device.user.email,
    apps,
    device: signIn
      ? {
          software: softwareOf(signIn.userAgent) ?? "An unrecognised browser",
          place: typeof place === "string" ? place : null,
          ip: signIn.ip,
          signedInAt: signIn.createdAt.toISOString(),
        }
      : {
          software: softwareOf(device.userAgent) ?? "An unrecognised browser",
          place: device.lastLocation,
          ip: device.lastIp,
          signedInAt: device.authenticatedAt?.toISOString() ?? null,
        },
  };
}

export class ReportLinkError extends AppError {
  constructor() {
    super("NOT_FOUND", "This link has expired or was already used.");
  }
}

/** `device`: its browser and OS ("Chrome 141 on macOS"), never a name someone may have chosen since. */
export type DeviceReportResult =
  | { answer: "me"; device: string }
  /**
   * `apps`: the apps its sessions were signed in to, signed out with them. `resetToken`: a fresh
   * password-reset link's token (30 minutes), so the page can offer a new password at once;
   * `stillSignedIn`: the apps signed in on the account's other devices, which that new password signs out.
   */
  | { answer: "not-me"; device: string; sessionsEnded: number; apps: string[]; resetToken: string; stillSignedIn: string[] };

/**
 * The answer to "Was this you?", through the email's single-use link — no password needed, the
 * link is the proof (it went to the account's address). One transaction with its audit row (the
 * user's action, "through the email link"):
 * - "me": the device is recognised (no longer shown as new);
 * - "not-me": every session on the device ends at once and it is no longer trusted or
 *   remembered, so it must sign in again — with a second factor when the account has one. A
 *   password-reset link (30 minutes) is issued with it: the intruder may know the password.
 * Either answer uses the link up. A link stops working when the account's links are revoked (a
 * password change or reset, "sign out everywhere", disabling): so the reset it offers is only
 * ever offered while the password is the one it was when the email was sent.
 */
export async function reportDevice({
  token,
  answer,
  context,
}: {
  token: string;
  answer: "me" | "not-me";
  context: RequestContext;
}): Promise<DeviceReportResult> {
  const result = await db.$transaction(async (tx) => {
    const now = new Date();
    const link = await consumeEmailLink(tx, token, "DEVICE_REPORT", now);
    if (!link?.deviceId) throw new ReportLinkError();
    const { userId, deviceId } = link;
    const device = await tx.device.findFirst({
      where: { id: deviceId, userId },
      select: { id: true, name: true, userAgent: true, deletedAt: true },
    });
    if (!device) throw new ReportLinkError();
    const described = softwareOf(device.userAgent) ?? "The device";
    const through = { through: "email-link", deviceName: device.name };
    // Answering through the email's link proves the address is the user's.
    await tx.user.update({ where: { id: userId }, data: { emailVerifiedAt: now } });
    if (answer === "me") {
      if (!device.deletedAt) await tx.device.update({ where: { id: deviceId }, data: { recognizedAt: now } });
      await recordEvent(tx, { actorId: userId, userId, deviceId, type: "DEVICE_RECOGNIZED", context, detail: through });
      return { answer, device: described };
    }
    const { sessionsEnded, apps } = await endSessions(tx, { where: { userId, deviceId }, reason: "DEVICE_UNTRUSTED", now });
    await tx.device.update({ where: { id: deviceId }, data: { trustedAt: null, rememberedUntil: null, recognizedAt: null } });
    await recordEvent(tx, {
      actorId: userId,
      userId,
      deviceId,
      type: "DEVICE_NOT_RECOGNIZED",
      context,
      detail: { ...through, sessionsEnded, apps },
    });
    const resetToken = await createEmailLink(tx, { purpose: "PASSWORD_RESET", userId, now });
    return { answer, device: described, sessionsEnded, apps, resetToken, userId };
  });
  if (result.answer === "me") return result;
  const { userId, ...reported } = result;
  return { ...reported, stillSignedIn: await appsSignedIn({ userId }) };
}
