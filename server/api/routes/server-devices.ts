import "server-only";
import { apiJson } from "@/server/api/api-error";
import { apiMethods, apiRoute } from "@/server/api/api-route";
import { toUserDevice } from "@/server/api/dto";
import { getUserDevice, listUserDevices } from "@/server/admin/list-user-devices";
import { invalidateDevice } from "@/server/devices/invalidate-device";

/** Seed 000: GET /users/{userId}/devices — the user's devices as UserDevice objects. */
export const userDevicesRoute = apiMethods("authsignal", {
  GET: apiRoute({
    family: "authsignal",
    audience: "server",
    params: { userId: "User" },
    failure: "The devices could not be listed.",
    handle: async ({ actor, params }) => apiJson((await listUserDevices({ actor, userId: params.userId })).map(toUserDevice)),
  }),
});

/** Seed 000: POST /users/{userId}/devices/{deviceId}/invalidate — treated as a new device from now on. */
export const invalidateUserDeviceRoute = apiMethods("authsignal", {
  POST: apiRoute({
    family: "authsignal",
    audience: "server",
    params: { userId: "User", deviceId: "Device" },
    failure: "The device could not be invalidated.",
    handle: async ({ actor, params }) => {
      await invalidateDevice({ actor, userId: params.userId, deviceId: params.deviceId });
      return apiJson(toUserDevice(await getUserDevice({ actor, userId: params.userId, deviceId: params.deviceId })));
    },
  }),
});
