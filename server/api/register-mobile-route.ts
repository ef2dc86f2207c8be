import "server-only";
import type { z } from "zod";
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
export async function handleRegisterMobile(req: Request, kind: "PUSH" | "BINDING"): Promise<Response> {
  // Personal access tokens arrive with the REST API issue; until then, the signed-in session.
  const session = await getSession();
  if (!session) return jsonError(401, "unauthorized", "Sign in first, or your session has ended.");
  const read = await readJson(req);
  if (!read.ok) return jsonError(read.problem.status, "invalid_request", read.problem.message);
  const input = parse(kind, read.body);
  if (typeof input === "string") return jsonError(400, "invalid_request", input);
  const actor = { userId: session.userId, sessionId: session.sessionId, role: session.role, context: await getRequestContext() };
  const created = await registerMobileAuthenticator({ actor, userId: session.userId, deviceId: session.deviceId, input });
  return Response.json(created, { status: 201, headers: { "Cache-Control": "no-store" } });
}
