import { z } from "zod";
import { describeActivity, type ActivityItem } from "@/lib/activity";
import { activityFilterSchema } from "@/lib/validation/activity";

/** Someone named in the audit log: who acted, or whose account it was. */
export type AuditLogPerson = { id: string; name: string; email: string };

/** One event of the audit log across users: an /activity line plus both people, by name. */
export type AuditLogItem = ActivityItem & {
  /** Whose account it concerns; null for an installation-wide change (webhooks, server keys). */
  subject: AuditLogPerson | null;
  /** Who did it; null for Devicekeeper itself, a server API key, or a deleted account. */
  actor: AuditLogPerson | null;
};

/** What an actor or subject field's text named: one account, none, or several to choose from. */
export type PersonMatch =
  | { status: "found"; person: AuditLogPerson }
  | { status: "none" }
  /** Several: the first few, and whether more match than are listed. */
  | { status: "many"; candidates: AuditLogPerson[]; more: boolean };

export type AuditLogPage = {
  items: AuditLogItem[];
  /** Opaque cursors for the "Older" and "Newer" links; null when there is nothing that way. */
  older: string | null;
  newer: string | null;
  /** Showing the newest events (no cursor, or a "Newer" page that reached them). */
  newest: boolean;
  /** How the actor and subject fields were understood, when set. */
  people: { actor?: PersonMatch; subject?: PersonMatch };
};

/** A person field: an email, part of a name or email, or a user id; blank means no filter. */
const personText = z
  .string()
  .trim()
  .max(200)
  .transform((v) => v || undefined)
  .optional()
  .catch(undefined);

/**
 * The /admin/activity filters as they appear in the URL; kind, device and dates as on /activity
 * (a device page's "the rest in the audit log" names its device). Malformed ones are ignored.
 */
export const auditLogFilterSchema = z.object({
  actor: personText,
  subject: personText,
  kind: activityFilterSchema.shape.kind,
  device: activityFilterSchema.shape.device,
  from: activityFilterSchema.shape.from,
  to: activityFilterSchema.shape.to,
});
export type AuditLogFilter = z.infer<typeof auditLogFilterSchema>;

/** An event's place in the log, as ?after= and ?before= carry it: base64url of "<epoch ms>.<event id>". */
export function encodeAuditCursor({ createdAt, id }: { createdAt: string; id: string }): string {
  return btoa(`${Date.parse(createdAt)}.${id}`)
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** A cursor back into the event position it names; anything else (edited, truncated) fails. */
export const auditCursorSchema = z
  .string()
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/)
  .transform((v, ctx) => {
    try {
      const [ms, id] = atob(v.replace(/-/g, "+").replace(/_/g, "/")).split(".");
      return { ms: Number(ms), id };
    } catch {
      ctx.addIssue({ code: "custom", message: "Not a cursor" });
      return z.NEVER;
    }
  })
  .pipe(z.object({ ms: z.number().int().min(0).max(8.64e15), id: z.uuid() }))
  .transform(({ ms, id }) => ({ createdAt: new Date(ms), id }));

/** The URL of the audit log (or its download) with these filters and, for a page, a cursor. */
export function auditLogHref(base: string, filter: AuditLogFilter, cursor: { after?: string; before?: string } = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filter, ...cursor })) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `${base}?${s}` : base;
}

/**
 * The event told to an administrator reading everyone's history: both people named ("Ada Admin
 * reset Carol Example's authenticator apps", "Bob signed in on Firefox on Linux").
 */
export function describeAuditEvent(item: AuditLogItem): string {
  return describeActivity(item, item.subject?.name ?? "Devicekeeper", { named: true });
}
