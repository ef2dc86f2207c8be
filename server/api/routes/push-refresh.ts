import "server-only";
import { describeIssue } from "@/lib/api/errors";
import { apiError, apiJson } from "@/server/api/api-error";
import { apiMethods, appErrorStatus } from "@/server/api/api-route";
import { readJson } from "@/server/api/read-json";
import { contextFromHeaders } from "@/server/request-context";
import { refreshPushDeviceId } from "@/server/mfa/refresh-push-device-id";
import { refreshPushSchema } from "@/lib/validation/mobile-authenticators";

/** Seed 002: POST push/sns/message?_action=refresh — authenticated by the JWT in the body itself. */
export const pushRefreshRoute = apiMethods("ping", {
  POST: async (req) => {
    const action = req.nextUrl.searchParams.get("_action");
    if (action !== "refresh") return apiError("ping", 400, `Unsupported _action ${JSON.stringify(action ?? "")}: only "refresh" is implemented.`);
    const read = await readJson(req);
    if (!read.ok) return apiError("ping", read.problem.status, read.problem.message);
    const parsed = refreshPushSchema.safeParse(read.body);
    if (!parsed.success) return apiError("ping", 400, describeIssue(parsed.error));
    try {
      return apiJson(await refreshPushDeviceId({ ...parsed.data, context: contextFromHeaders(req.headers) }));
    } catch (e) {
      const refusal = appErrorStatus(e);
      if (refusal) return apiError("ping", refusal.status, refusal.message);
      console.error("[push refresh]", e);
      return apiError("ping", 500, "The device id could not be refreshed.");
    }
  },
});
