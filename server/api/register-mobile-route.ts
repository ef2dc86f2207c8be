import "server-only";
import type { NextRequest } from "next/server";
import type { z } from "zod";
import type { Actor } from "@/server/audit/actor";
import { authenticateApi, userOf } from "@/server/api/authenticate";
import { jsonError } from "@/server/api/json";
import { readJson } from "@/server/api/read-json";
import { getSession } from "@/server/auth/session";
import { getRequestContext } from "@/server/request-context";
import { registerMobileAuthenticator, type RegisterMobileInput } from "@/server/mfa/register-mobile-authenticator";
import { registerBindingSchema, registerPushSchema } from "@/lib/validation/mobile-authenticators";

const describe = (error: z.ZodError) => {
  const issue = error.issues[0];
  return `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`;
};

function parse(kind: "PUSH" | "BINDING", body: unknown): RegisterMobileInput | string {
  if (kind === "PUSH") {
    const p = registerPushSchema.safeParse(body);
    return p.success ? { kind, data: p.data } : describe(p.error);
  }
  const p = registerBindingSchema.safeParse(body);
  return p.success ? { kind, data: p.data } : describe(p.error);
}

/** The shared body of POST /api/v1/mfa/push and /api/v1/mfa/binding. */
export async function handleRegisterMobile(req: NextRequest, kind: "PUSH" | "BINDING"): Promise<Response> {
  // The app authenticates with a personal access token, or (a browser) the signed-in session; the
  // JSON content type required below keeps cross-site forms out.
  let user: { userId: string; deviceId: string | null; actor: Actor };
  if (req.headers.get("authorization") !== null) {
    const auth = await authenticateApi(req, "user");
    if (!auth.ok) return jsonError(auth.status, auth.status === 401 ? "unauthorized" : "forbidden", auth.message);
    user = { userId: userOf(auth.principal).userId, deviceId: null, actor: auth.actor };
  } else {
    const session = await getSession();
    if (!session) return jsonError(401, "unauthorized", "Sign in first, or your session has ended.");
    user = { userId: session.userId, deviceId: session.deviceId, actor: { userId: session.userId, sessionId: session.sessionId, role: session.role, context: await getRequestContext() } };
  }
  const read = await readJson(req);
  if (!read.ok) return jsonError(read.problem.status, "invalid_request", read.problem.message);
  const input = parse(kind, read.body);
  if (typeof input === "string") return jsonError(400, "invalid_request", input);
  const created = await registerMobileAuthenticator({ actor: user.actor, userId: user.userId, deviceId: user.deviceId, input });
  return Response.json(created, { status: 201, headers: { "Cache-Control": "no-store" } });
}
