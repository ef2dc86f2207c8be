import "server-only";
import { apiJson } from "@/server/api/http";
import { defineRoute } from "@/server/api/route";
import { toUserDevice } from "@/server/api/dto";
import { listUserDevices } from "@/server/admin/list-user-devices";
import { invalidateDevice } from "@/server/devices/invalidate-device";
import { UserDevice, UserDeviceList } from "@/lib/api/schemas";

/** Authsignal's server API, for a server key. */
const tags = ["Authsignal-compatible server API"];
const security = [{ basicAuth: [] }];
const userId = "The ID of the user.";

export const serverDevicesRoutes = [
  defineRoute({
    method: "GET",
    path: "/api/v1/users/{userId}/devices",
    family: "authsignal",
    audience: "server",
    params: { userId: "User" },
    failure: "The devices could not be listed.",
    doc: {
      operationId: "getDevices",
      tags,
      security,
      summary: "Get devices",
      description: "A user's devices (not removed), oldest first.",
      params: { userId },
      responses: { 200: { description: "OK", schema: UserDeviceList } },
      errors: [404],
    },
    handle: async ({ actor, params }) => apiJson((await listUserDevices({ actor, userId: params.userId })).map(toUserDevice)),
  }),
  defineRoute({
    method: "POST",
    path: "/api/v1/users/{userId}/devices/{deviceId}/invalidate",
    family: "authsignal",
    audience: "server",
    params: { userId: "User", deviceId: "Device" },
    failure: "The device could not be invalidated.",
    doc: {
      operationId: "invalidateDevice",
      tags,
      security,
      summary: "Invalidate device",
      description: "Invalidate a user's device, treating it as if it were a new device on subsequent actions. Its sessions end at once.",
      params: { userId, deviceId: "The ID of the device." },
      responses: { 200: { description: "OK", schema: UserDevice } },
      errors: [404],
    },
    handle: async ({ actor, params }) => {
      const { device } = await invalidateDevice({ actor, userId: params.userId, deviceId: params.deviceId });
      return apiJson(toUserDevice(device));
    },
  }),
];
