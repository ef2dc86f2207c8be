import "server-only";
import { apiJson, apiJsonText } from "@/server/api/http";
import { defineRoute } from "@/server/api/route";
import { userOf } from "@/server/api/authenticate";
import { listDevicesOverviewJson } from "@/server/devices/list-devices-overview";
import { deleteDevice } from "@/server/devices/delete-device";
import { SettingsDeviceList, SettingsMessage } from "@/lib/api/schemas";

/** The plain `/settings/devices` API: the caller's own devices. */
const tags = ["Settings API: /settings/devices"];

export const settingsDevicesRoutes = [
  defineRoute({
    method: "GET",
    path: "/api/v1/settings/devices",
    family: "settings",
    audience: "user",
    failure: "The devices could not be listed.",
    doc: {
      operationId: "listSettingsDevices",
      tags,
      security: [{ bearerAuth: [] }, { sessionCookie: [] }],
      summary: "List my devices",
      description: "The caller's devices, most recently active first. Personal access token, or the dashboard's session cookie (GET only).",
      responses: { 200: { description: "The devices.", schema: SettingsDeviceList } },
      errors: [],
    },
    handle: async ({ principal }) => {
      const user = userOf(principal);
      return apiJsonText(await listDevicesOverviewJson({ userId: user.userId, currentDeviceId: user.deviceId ?? null }));
    },
  }),
  defineRoute({
    method: "DELETE",
    path: "/api/v1/settings/devices/{deviceId}",
    family: "settings",
    audience: "user",
    params: { deviceId: "Device" },
    failure: "The device could not be removed.",
    doc: {
      operationId: "removeSettingsDevice",
      tags,
      security: [{ bearerAuth: [] }],
      summary: "Remove a device",
      description: "The device disappears from the list and every session on it ends at once. A second call answers 404.",
      params: { deviceId: "The ID of the device." },
      responses: { 200: { description: "Removed.", schema: SettingsMessage, example: { message: "Device successfully removed" } } },
      errors: [404],
    },
    handle: async ({ principal, actor, params }) => {
      await deleteDevice({ actor, userId: userOf(principal).userId, deviceId: params.deviceId });
      return apiJson({ message: "Device successfully removed" });
    },
  }),
];
