import "server-only";
import { apiJson } from "@/server/api/api-error";
import { apiMethods, apiRoute } from "@/server/api/api-route";
import { listDevicesOverview } from "@/server/devices/list-devices-overview";
import { deleteDevice } from "@/server/devices/delete-device";
import { userOf } from "@/server/api/authenticate";

/** Seed 003: GET /settings/devices — the caller's devices. */
export const settingsDevicesRoute = apiMethods("settings", {
  GET: apiRoute({
    family: "settings",
    audience: "user",
    failure: "The devices could not be listed.",
    handle: async ({ principal }) => {
      const user = userOf(principal);
      return apiJson({ devices: await listDevicesOverview({ userId: user.userId, currentDeviceId: user.deviceId ?? null }) });
    },
  }),
});

/** Seed 003: DELETE /settings/devices/{deviceId} — the device is removed and its sessions end. */
export const settingsDeviceRoute = apiMethods("settings", {
  DELETE: apiRoute({
    family: "settings",
    audience: "user",
    params: { deviceId: "Device" },
    failure: "The device could not be removed.",
    handle: async ({ principal, actor, params }) => {
      await deleteDevice({ actor, userId: userOf(principal).userId, deviceId: params.deviceId });
      return apiJson({ message: "Device successfully removed" });
    },
  }),
});
