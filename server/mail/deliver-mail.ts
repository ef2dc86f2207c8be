import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { db, rawQuery } from "@/server/db/client";
import { logger } from "@/server/observability/logger";
import { retryDelayMs } from "@/server/jobs/retry-delay";
import { appBaseUrl, mailFrom, mailMode, smtpUrl, type MailMode } from "@/server/mail/mail-config";
import { createEmailLink } from "@/server/mail/email-links";
import { renderMail, MAIL_KINDS, type MailFacts, type MailKind, type RenderedMail } from "@/server/mail/messages";
import { locate } from "@/server/location/locate";
import { softwareOf } from "@/lib/user-agent";
import { nextQuery } from "@/lib/next-path";

/** A message is retried for 3 days (backoff 30 s … 12 h, as webhooks), then given up. */
export const MAIL_RETRY_WINDOW_MS = 3 * 24 * 60 * 60 * 1000;
/** A reset link that could not be sent within an hour is no longer what the person is waiting for. */
const RESET_SEND_WINDOW_MS = 60 * 60 * 1000;
/** How long one attempt holds its message: past the SMTP timeouts, so a dead instance's attempt is retried. */
const LEASE_MS = 120_000;

type Claimed = {
  id: string;
  userId: string;
  kind: string;
  auditEventId: string | null;
  deviceId: string | null;
  /** `next`: a password reset's "where signing in continues" (a path of this site), for its link. */
  data: { ip?: string | null; userAgent?: string | null; next?: string };
  attempts: number;
  createdMs: number;
};

/** Claims up to `limit` due messages for this instance alone (FOR UPDATE SKIP LOCKED, then a lease). */
async function claimDue(now: Date, limit: number): Promise<Claimed[]> {
  return rawQuery<Claimed>(
    `WITH due AS (SELECT id FROM "MailOutbox"
                   WHERE status = 'PENDING' AND "nextAttemptAt" <= $1::timestamp
                     AND ("lockedUntil" IS NULL OR "lockedUntil" <= $1::timestamp)
                   ORDER BY "nextAttemptAt" LIMIT $2 FOR UPDATE SKIP LOCKED)
     UPDATE "MailOutbox" m SET "lockedUntil" = $3::timestamp, attempts = m.attempts + 1
       FROM due WHERE m.id = due.id
     RETURNING m.id, m."userId", m.kind, m."auditEventId", m."deviceId", m.data, m.attempts,
               (extract(epoch FROM m."createdAt") * 1000)::float8 AS "createdMs"`,
    [now.toISOString(), limit, new Date(now.getTime() + LEASE_MS).toISOString()],
  );
}

type Outcome =
  | { status: "SENT" | "CAPTURED"; to: string; mail: RenderedMail }
  | { status: "SKIPPED" | "FAILED"; error: string }
  | { status: "RETRY"; error: string; to: string | null; subject: string | null };

/** The outcome, in one statement. The bodies are kept only when captured (they hold single-use links). */
async function record(c: Claimed, outcome: Outcome, now: Date): Promise<void> {
  const giveUp = outcome.status === "RETRY" && now.getTime() - c.createdMs >= MAIL_RETRY_WINDOW_MS;
  const status = outcome.status === "RETRY" ? (giveUp ? "FAILED" : "PENDING") : outcome.status;
  const retryAt = new Date(Math.min(now.getTime() + retryDelayMs(c.attempts), c.createdMs + MAIL_RETRY_WINDOW_MS));
  const rendered = "mail" in outcome ? outcome.mail : null;
  await rawQuery(
    `UPDATE "MailOutbox" SET status = $2::"MailStatus", "lockedUntil" = NULL, "lastError" = $3, "nextAttemptAt" = $4::timestamp,
            "sentAt" = $5::timestamp, "toAddress" = coalesce($6, "toAddress"), subject = coalesce($7, subject), text = $8, html = $9
      WHERE id = $1::uuid`,
    [
      c.id,
      status,
      "error" in outcome ? outcome.error.slice(0, 300) : null,
      (status === "PENDING" ? retryAt : now).toISOString(),
      outcome.status === "SENT" || outcome.status === "CAPTURED" ? now.toISOString() : null,
      "to" in outcome ? outcome.to : null,
      rendered?.subject ?? ("subject" in outcome ? outcome.subject : null),
      outcome.status === "CAPTURED" ? rendered!.text : null,
      outcome.status === "CAPTURED" ? rendered!.html : null,
    ],
  );
}

const num = (v: unknown) => (typeof v === "number" ? v : undefined);
const str = (v: unknown) => (typeof v === "string" ? v : undefined);

const RESET_WORDS: Record<string, string> = {
  ADMIN_RESET_OATH: "reset your authenticator apps",
  ADMIN_RESET_PUSH: "reset your push sign-in approvals",
  ADMIN_DELETED_WEBAUTHN: "deleted one of your passkeys",
  ADMIN_DELETED_BINDING: "deleted one of your bound devices",
  ADMIN_REVOKED_RECOVERY_CODES: "revoked your recovery codes",
};

/**
 * What the message will say, read from the audit row it tells about (or the data it was queued
 * with) — the device as it was then, by its browser and OS, never by a name someone may have
 * chosen since — and, for a new device or a reset, its single-use link, created now for that
 * event. Null when it should not be sent: the account is disabled (except to say so), a reset
 * was asked for before the account's email links were revoked, or the kind is unknown.
 */
async function gather(c: Claimed, now: Date, readSignIn?: ReadSignIn): Promise<MailFacts | null> {
  if (!(MAIL_KINDS as readonly string[]).includes(c.kind)) return null;
  const kind = c.kind as MailKind;
  const [user, event] = await Promise.all([
    db.user.findUnique({ where: { id: c.userId }, select: { email: true, name: true, disabledAt: true, emailLinksRevokedAt: true } }),
    c.auditEventId
      ? db.auditEvent.findUnique({
          where: { id: c.auditEventId },
          select: {
            type: true,
            ip: true,
            userAgent: true,
            detail: true,
            createdAt: true,
            actorId: true,
            actor: { select: { name: true } },
          },
        })
      : null,
  ]);
  if (!user || (user.disabledAt && kind !== "admin-disabled")) return null;
  const at = event?.createdAt ?? new Date(c.createdMs);
  // The links of an email about an event before the account's links were revoked would not work.
  const linksRevoked = !!user.emailLinksRevokedAt && user.emailLinksRevokedAt >= at;
  if (kind === "password-reset" && linksRevoked) return null;
  const detail = (event?.detail ?? {}) as Record<string, unknown>;
  const ip = event?.ip ?? c.data.ip ?? null;
  const userAgent = event?.userAgent ?? c.data.userAgent ?? null;
  const base = appBaseUrl();
  const links: MailFacts["links"] = {
    forgotPassword: `${base}/forgot-password`,
    security: `${base}/security`,
    devices: `${base}/devices`,
    apps: `${base}/apps`,
    preferences: `${base}/security#email-alerts`,
  };
  if (kind === "new-device" && c.deviceId && !linksRevoked) {
    const token = await createEmailLink(db, {
      purpose: "DEVICE_REPORT",
      userId: c.userId,
      deviceId: c.deviceId,
      auditEventId: c.auditEventId,
      eventAt: at,
      now,
    });
    links.recognise = `${base}/email/device?t=${token}&answer=me`;
    links.notMe = `${base}/email/device?t=${token}&answer=not-me`;
  }
  // After second factors went, what signing in asks for now: as the account is when this is sent.
  const signInNow = (kind === "admin-mfa-reset" || kind === "device-lost") && readSignIn ? await readSignIn(c.userId, now) : undefined;
  if (kind === "password-reset") {
    const token = await createEmailLink(db, { purpose: "PASSWORD_RESET", userId: c.userId, eventAt: at, now });
    links.reset = `${base}/reset-password?t=${token}${nextQuery(c.data.next, "&")}`;
  }
  return {
    kind,
    to: { email: user.email, name: user.name },
    at,
    device: softwareOf(userAgent),
    ip,
    place: str(detail.location) ?? locate(ip)?.label ?? null,
    unusualCountry: detail.unusualCountry === true,
    actorName: event && event.actorId !== c.userId ? (event.actor?.name ?? null) : null,
    what: {
      name: str(detail.name),
      count: num(detail.count) ?? num(detail.failures),
      clients: num(detail.clients),
      until: str(detail.until) ?? str(detail.expiresAt),
      sessionsEnded: num(detail.sessionsEnded),
      tokensRevoked: num(detail.tokensRevoked),
      resetKind: event ? RESET_WORDS[event.type] : undefined,
      deviceName: str(detail.deviceName),
      appName: str(detail.appName),
      scopes: Array.isArray(detail.scopes) ? detail.scopes.filter((s): s is string => typeof s === "string") : undefined,
      factors: Array.isArray(detail.factors) ? detail.factors.filter((n): n is string => typeof n === "string") : undefined,
      apps: Array.isArray(detail.apps) ? detail.apps.filter((n): n is string => typeof n === "string") : undefined,
      byUser: !!event && event.actorId === c.userId,
      signInNow,
    },
    links,
  };
}

let transport: { url: string; t: Transporter } | null = null;
function smtpTransport(): Transporter {
  const url = smtpUrl();
  if (transport?.url !== url) {
    transport?.t.close();
    transport = {
      url,
      t: nodemailer.createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }),
    };
  }
  return transport.t;
}

/** Closes the SMTP connection (tests; shutdown). */
export function closeMailTransport(): void {
  transport?.t.close();
  transport = null;
}

async function deliverOne(c: Claimed, mode: MailMode, now: Date, readSignIn?: ReadSignIn): Promise<Outcome> {
  if (mode === "off") return { status: "SKIPPED", error: "Mail is off: SMTP_URL is not set." };
  if (c.kind === "password-reset" && now.getTime() - c.createdMs > RESET_SEND_WINDOW_MS)
    return { status: "FAILED", error: "Not sent within an hour of the request: the person has moved on." };
  const facts = await gather(c, now, readSignIn);
  if (!facts) return { status: "SKIPPED", error: "Not sent: the account is disabled or gone, or its email links were revoked since." };
  const mail = renderMail(facts);
  const to = facts.to.email;
  if (mode === "capture") return { status: "CAPTURED", to, mail };
  try {
    await smtpTransport().sendMail({
      from: mailFrom(),
      to: { name: facts.to.name, address: to },
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: { "Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All" },
    });
    return { status: "SENT", to, mail };
  } catch (e) {
    return { status: "RETRY", error: (e as Error).message || "SMTP error", to, subject: mail.subject };
  }
}

/**
 * What signing in to the account asks for now (server/mfa/second-factor-policy.ts's signInNowOf),
 * handed in by whoever runs the worker — mail sits below the second factors and does not reach up
 * for them. Without it, those emails only link to the Security page.
 */
export type ReadSignIn = (userId: string, now: Date) => Promise<NonNullable<MailFacts["what"]["signInNow"]>>;

export type DeliverMailOptions = { now?: () => Date; limit?: number; mode?: MailMode; signInNow?: ReadSignIn };

/** The most emails one run of the worker claims (server/jobs/background-worker.ts reads a smaller run as "nothing more due"). */
export const MAIL_BATCH = 10;

/** Sends what is due (at most `limit`, concurrently) and records each outcome; answers how many were attempted. */
export async function deliverMail({
  now = () => new Date(),
  limit = MAIL_BATCH,
  mode = mailMode(),
  signInNow,
}: DeliverMailOptions = {}): Promise<number> {
  const claimed = await claimDue(now(), limit);
  await Promise.all(
    claimed.map(async (c) => {
      let outcome: Outcome;
      try {
        outcome = await deliverOne(c, mode, now(), signInNow);
      } catch (e) {
        outcome = { status: "RETRY", error: (e as Error).message, to: null, subject: null };
        logger.error({ err: e, mailId: c.id }, "mail: could not prepare a message; will retry");
      }
      if (outcome.status === "RETRY") logger.warn({ mailId: c.id, kind: c.kind, error: outcome.error }, "mail: not sent; will retry");
      await record(c, outcome, now());
    }),
  );
  return claimed.length;
}
