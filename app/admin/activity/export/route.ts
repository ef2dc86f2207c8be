import { getSession } from "@devicekeeper/server/auth/session";
import { getRequestContext } from "@devicekeeper/server/request-context";
import { exportAuditLog } from "@devicekeeper/server/admin/list-audit-log";
import { auditLogFilterSchema, describeAuditEvent, type AuditLogItem } from "@/lib/audit-log";
import { csvResponse, toCsv } from "@/lib/csv";

const text = (status: number, body: string) => new Response(body, { status, headers: { "Content-Type": "text/plain" } });

/** Who did it, in words: the person, else the API credential (a server key), else Devicekeeper itself. */
const doneBy = (i: AuditLogItem) => i.actor?.name ?? (typeof i.detail.via === "string" ? i.detail.via : "Devicekeeper");

/**
 * GET /admin/activity/export?actor=&subject=&kind=&device=&from=&to= — the audit log across users as CSV,
 * with the page's filters (the newest 10,000 rows at most, as /activity/export). Checked here:
 * the admin layout does not run for a route. Not audited, like /activity/export.
 */
export async function GET(request: Request): Promise<Response> {
  const session = await getSession();
  if (!session) return text(401, "Sign in to download the audit log.");
  // As every page under /admin: to anyone but an administrator it does not exist.
  if (session.role !== "ADMIN") return text(404, "Not found.");
  const filter = auditLogFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const items = await exportAuditLog({
    actor: { userId: session.userId, role: session.role, context: await getRequestContext() },
    filter,
  });
  const csv = toCsv(
    [
      "time (UTC)",
      "event",
      "what happened",
      "account",
      "account email",
      "done by",
      "done by email",
      "device",
      "IP address",
      "approximate place",
      "unusual country",
    ],
    items.map((i) => [
      i.createdAt,
      i.type,
      describeAuditEvent(i),
      i.subject?.name ?? "",
      i.subject?.email ?? "",
      doneBy(i),
      i.actor?.email ?? "",
      i.deviceName ?? "",
      i.ip ?? "",
      i.location ?? "",
      i.unusual ? "yes" : "",
    ]),
  );
  return csvResponse("audit-log", csv);
}
