import "server-only";
import { apiJson } from "@/server/api/http";
import { defineRoute } from "@/server/api/route";
import { userOf } from "@/server/api/authenticate";
import { untrustDevice } from "@/server/devices/untrust-device";
import { FlashbackSuccess } from "@/lib/api/schemas";

/** Flashback: POST /devices/{id}/untrust — trust removed, every session of the device ended. */
export const untrustDeviceRoutes = [
  defineRoute({
    method: "POST",
    path: "/api/v1/devices/{id}/untrust",
    family: "flashback",
    audience: "user",
    params: { id: "Device" },
    failure: "Failed to untrust device",
    doc: {
      operationId: "untrustDevice",
      tags: ["Flashback-compatible: untrust"],
      security: [{ bearerAuth: [] }],
      summary: "Untrust device",
      description: "Remove trust from a device. This revokes all its active sessions and requires re-authentication for future access.",
      params: { id: "Device identifier" },
      responses: { 200: { description: "Device untrusted successfully", schema: FlashbackSuccess } },
      errors: [404],
    },
    handle: async ({ principal, actor, params }) => {
      await untrustDevice({ actor, userId: userOf(principal).userId, deviceId: params.id });
      return apiJson({ success: true, message: "Device untrusted successfully" });
    },
  }),
];
