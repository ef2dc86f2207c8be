import { apiMethods } from "@/server/api/api-route";
import { getSession } from "@/server/auth/session";
import { jsonError } from "@/server/api/json";

export const dynamic = "force-dynamic";

/** Who the current session belongs to; 401 JSON once the session has ended. */
async function me() {
  const session = await getSession();
  if (!session) return jsonError(401, "unauthorized", "Sign in first, or your session has ended.");
  return Response.json({
    user: { id: session.userId, email: session.email, name: session.name, role: session.role },
    session: { id: session.sessionId, deviceId: session.deviceId },
  });
}

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods("authsignal", { GET: me });
