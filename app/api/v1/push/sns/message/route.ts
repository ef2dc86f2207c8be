import type { NextRequest } from "next/server";
import { pingError } from "@/server/api/ping-errors";
import { readJson } from "@/server/api/read-json";
import { AppError } from "@/server/errors";
import { getRequestContext } from "@/server/request-context";
import { refreshPushDeviceId } from "@/server/mfa/refresh-push-device-id";
import { refreshPushSchema } from "@/lib/validation/mobile-authenticators";

export const dynamic = "force-dynamic";

const STATUS = { NOT_FOUND: 404, UNAUTHENTICATED: 401, INVALID_INPUT: 400 } as const;

/** Seed 002: POST push/sns/message?_action=refresh — authenticated by the JWT itself. */
export async function POST(req: NextRequest) {
  const action = req.nextUrl.searchParams.get("_action");
  if (action !== "refresh") return pingError(400, `Unsupported _action ${JSON.stringify(action ?? "")}: only "refresh" is implemented.`);
  const read = await readJson(req);
  if (!read.ok) return pingError(read.problem.status, read.problem.message);
  const parsed = refreshPushSchema.safeParse(read.body);
  if (!parsed.success) return pingError(400, `${parsed.error.issues[0]?.path.join(".") || "body"}: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  try {
    return Response.json(await refreshPushDeviceId({ ...parsed.data, context: await getRequestContext() }));
  } catch (e) {
    if (e instanceof AppError && e.code in STATUS) return pingError(STATUS[e.code as keyof typeof STATUS], e.userMessage);
    console.error("[push refresh]", e);
    return pingError(500, "The device id could not be refreshed.");
  }
}
