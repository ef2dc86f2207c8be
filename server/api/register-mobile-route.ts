import "server-only";
import type { NextRequest } from "next/server";
import { describeIssue } from "@/lib/api/errors";
import { apiError, apiJson } from "@/server/api/api-error";
import { authenticateApi, userOf } from "@/server/api/authenticate";
import { readJson } from "@/server/api/read-json";
import { registerMobileAuthenticator, type RegisterMobileInput } from "@/server/mfa/register-mobile-authenticator";
import { registerBindingSchema, registerPushSchema } from "@/lib/validation/mobile-authenticators";

function parse(kind: "PUSH" | "BINDING", body: unknown): RegisterMobileInput | string {
  if (kind === "PUSH") {
    const p = registerPushSchema.safeParse(body);
    return p.success ? { kind, data: p.data } : describeIssue(p.error);
  }
  const p = registerBindingSchema.safeParse(body);
  return p.success ? { kind, data: p.data } : describeIssue(p.error);
}

/**
 * The shared body of POST /api/v1/mfa/push and /api/v1/mfa/binding: the app authenticates with the
 * user's personal access token, or a signed-in browser with its session (same-origin only; the
 * JSON content type required below keeps plain cross-site forms out as well).
 */
export async function handleRegisterMobile(req: NextRequest, kind: "PUSH" | "BINDING"): Promise<Response> {
  const auth = await authenticateApi(req, "user", { sessionCookie: "read-write" });
  if (!auth.ok) return apiError("authsignal", auth.status, auth.message, auth.headers);
  const read = await readJson(req);
  if (!read.ok) return apiError("authsignal", read.problem.status, read.problem.message);
  const input = parse(kind, read.body);
  if (typeof input === "string") return apiError("authsignal", 400, input);
  const user = userOf(auth.principal);
  const created = await registerMobileAuthenticator({ actor: auth.actor, userId: user.userId, deviceId: user.deviceId ?? null, input });
  return apiJson(created, 201);
}
