import { apiMethods } from "@/server/api/api-route";
import { getSession } from "@/server/auth/session";
import { jsonError } from "@/server/api/json";
import { listDevices } from "@/server/devices/list-devices";

export const dynamic = "force-dynamic";

/** The dashboard's own feed for /devices (react-query refetches it); same session check as pages. */
async function myDevices() {
  const session = await getSession();
  if (!session) return jsonError(401, "unauthorized", "Sign in first, or your session has ended.");
  const devices = await listDevices({ userId: session.userId, currentDeviceId: session.deviceId, currentSessionId: session.sessionId });
  return Response.json({ devices }, { headers: { "Cache-Control": "no-store" } });
}

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods("authsignal", { GET: myDevices });
