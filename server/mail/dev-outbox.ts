import "server-only";
import ipaddr from "ipaddr.js";
import { db } from "@/server/db/client";
import { mailMode } from "@/server/mail/mail-config";
import type { RequestContext } from "@/server/request-context";

export type CapturedMail = {
  id: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  sentAt: string;
};

const isLoopback = (ip: string | null) => {
  if (!ip || !ipaddr.isValid(ip)) return false;
  const a = ipaddr.process(ip);
  return a.range() === "loopback";
};

/**
 * Whether this request may read the dev outbox: only while mail is captured (no SMTP_URL, in
 * development), and only from this machine or by an administrator — the messages hold working
 * reset links.
 */
export function mayReadDevOutbox(context: RequestContext, role: string | null, mode = mailMode()): boolean {
  return mode === "capture" && (isLoopback(context.ip) || role === "ADMIN");
}

/** The latest captured messages, newest first. */
export async function listCapturedMail(limit = 50): Promise<CapturedMail[]> {
  const rows = await db.mailOutbox.findMany({
    where: { status: "CAPTURED" },
    orderBy: [{ sentAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, kind: true, toAddress: true, subject: true, text: true, html: true, sentAt: true },
  });
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    to: r.toAddress ?? "",
    subject: r.subject ?? "",
    text: r.text ?? "",
    html: r.html ?? "",
    sentAt: (r.sentAt ?? new Date(0)).toISOString(),
  }));
}
