import { getSession } from "@devicekeeper/server/auth/session";
import { exportActivity } from "@devicekeeper/server/audit/list-activity";
import { describeActivity } from "@/lib/activity";
import { activityFilterSchema } from "@/lib/validation/activity";
import { csvResponse, toCsv } from "@/lib/csv";

/**
 * GET /activity/export?kind=&device=&from=&to= — the signed-in user's own history as CSV, with the
 * page's filters. The session is checked here (the page's layout does not run for a route).
 */
export async function GET(request: Request): Promise<Response> {
  const session = await getSession();
  if (!session) return new Response("Sign in to download your history.", { status: 401, headers: { "Content-Type": "text/plain" } });
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const filter = activityFilterSchema.parse(params);
  const items = await exportActivity({ userId: session.userId, filter });
  const csv = toCsv(
    ["time (UTC)", "event", "what happened", "device", "by", "IP address", "approximate place", "unusual country"],
    items.map((i) => [
      i.createdAt,
      i.type,
      describeActivity(i),
      i.deviceName ?? "",
      i.by,
      i.ip ?? "",
      i.location ?? "",
      i.unusual ? "yes" : "",
    ]),
  );
  return csvResponse("activity", csv);
}
