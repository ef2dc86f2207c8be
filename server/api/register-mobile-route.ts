import "server-only";
import type { NextRequest } from "next/server";
import type { z } from "zod";
import type { Actor } from "@/server/audit/actor";
import { authenticateApi, userOf } from "@/server/api/authenticate";
import { jsonError } from "@/server/api/json";
import { apiError } from "@/server/api/api-error";
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

/** Not cross-site by the browser's own account (Sec-Fetch-Site), or by the Origin it sent. */
function isSameOrigin(req: NextRequest): boolean {
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return false;
  const origin = req.headers.get("origin");
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.get("host");
  } catch {
    return false; // "null" (sandboxed or privacy-redirected) or garbage
  }
}

/** The shared body of POST /api/v1/mfa/push and /api/v1/mfa/binding. */
export async function handleRegisterMobile(req: NextRequest, kind: "PUSH" | "BINDING"): Promise<Response> {
  // The app authenticates with a personal access token, or (a browser of the dashboard) the
  // signed-in session — same-origin only, and the JSON content type required below keeps plain
  // cross-site forms out as well.
  const challenge = { "WWW-Authenticate": 'Bearer realm="devicekeeper"' };
  let user: { userId: string; deviceId: string | null; actor: Actor };
  if (req.headers.get("authorization") !== null) {
    const auth = await authenticateApi(req, "user");
    if (!auth.ok) return apiError("authsignal", auth.status, auth.message, auth.headers);
    user = { userId: userOf(auth.principal).userId, deviceId: null, actor: auth.actor };
  } else {
    const session = isSameOrigin(req) ? await getSession() : null;
    if (!session) return apiError("authsignal", 401, "Send the user's personal access token: Authorization: Bearer <token>.", challenge);
    user = { userId: session.userId, deviceId: session.deviceId, actor: { userId: session.userId, sessionId: session.sessionId, role: session.role, context: await getRequestContext() } };
  }
  const read = await readJson(req);
  if (!read.ok) return jsonError(read.problem.status, "invalid_request", read.problem.message);
  const input = parse(kind, read.body);
  if (typeof input === "string") return jsonError(400, "invalid_request", input);
  const created = await registerMobileAuthenticator({ actor: user.actor, userId: user.userId, deviceId: user.deviceId, input });
  return Response.json(created, { status: 201, headers: { "Cache-Control": "no-store" } });
}
