import "server-only";
import { apiJson } from "@/server/api/api-error";
import { apiMethods, apiRoute } from "@/server/api/api-route";
import { userOf } from "@/server/api/authenticate";
import { untrustDevice } from "@/server/devices/untrust-device";

/** Seed 001: POST /devices/{id}/untrust — trust removed, every session of the device ended. */
export const untrustDeviceRoute = apiMethods("flashback", {
  POST: apiRoute({
    family: "flashback",
    audience: "user",
    params: { id: "Device" },
    failure: "Failed to untrust device",
    handle: async ({ principal, actor, params }) => {
      await untrustDevice({ actor, userId: userOf(principal).userId, deviceId: params.id });
      return apiJson({ success: true, message: "Device untrusted successfully" });
    },
  }),
});
