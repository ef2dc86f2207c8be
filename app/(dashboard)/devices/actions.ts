"use server";

// No revalidate here: the devices view refetches its react-query list after every mutation,
// and re-rendering the page inside each action's response doubled its cost (bench/devices-page).

import { z } from "zod";
import { deviceIdSchema, renameDeviceSchema, sessionIdSchema } from "@/lib/validation/devices";
import { defineAction } from "@devicekeeper/server/actions/action-client";
import { untrustDevice } from "@devicekeeper/server/devices/untrust-device";
import { invalidateDevice } from "@devicekeeper/server/devices/invalidate-device";
import { deleteDevice } from "@devicekeeper/server/devices/delete-device";
import { markDeviceLost } from "@devicekeeper/server/devices/mark-device-lost";
import { renameDevice } from "@devicekeeper/server/devices/rename-device";
import { revokeSession } from "@devicekeeper/server/sessions/revoke-session";
import { revokeOtherSessions } from "@devicekeeper/server/sessions/revoke-other-sessions";
import type { DeviceOperationResult } from "@devicekeeper/server/devices/device-operation";

const device = z.object({ deviceId: deviceIdSchema });
const ended = (r: DeviceOperationResult) => ({
  changed: r.changed,
  sessionsEnded: r.sessionsEnded,
  endedCurrentSession: r.endedCurrentSession,
  apps: r.apps,
});
const endsOwnSession = (r: { endedCurrentSession: boolean }) => r.endedCurrentSession;

export const untrustDeviceAction = defineAction({
  access: "user",
  input: device,
  invalidInput: "Invalid device id",
  run: async ({ deviceId }, { session, actor }) => ended(await untrustDevice({ actor, userId: session.userId, deviceId })),
  endsOwnSession,
});

export const invalidateDeviceAction = defineAction({
  access: "user",
  input: device,
  invalidInput: "Invalid device id",
  run: async ({ deviceId }, { session, actor }) => ended(await invalidateDevice({ actor, userId: session.userId, deviceId })),
  endsOwnSession,
});

export const deleteDeviceAction = defineAction({
  access: "user",
  input: device,
  invalidInput: "Invalid device id",
  run: async ({ deviceId }, { session, actor }) => ended(await deleteDevice({ actor, userId: session.userId, deviceId })),
  endsOwnSession,
});

// It removes second factors: like removing one on /security, it needs a recent password.
export const markDeviceLostAction = defineAction({
  access: "recently-verified",
  input: device,
  invalidInput: "Invalid device id",
  run: async ({ deviceId }, { session, actor }) => {
    const r = await markDeviceLost({ actor, userId: session.userId, deviceId });
    return { ...ended(r), name: r.name, factorsRemoved: r.factorsRemoved.map((f) => f.name) };
  },
  endsOwnSession,
});

export const renameDeviceAction = defineAction({
  access: "user",
  input: renameDeviceSchema,
  run: async ({ deviceId, name }, { session, actor }) => ({
    name: (await renameDevice({ actor, userId: session.userId, deviceId, name })).name,
  }),
});

export const revokeSessionAction = defineAction({
  access: "user",
  input: z.object({ sessionId: sessionIdSchema }),
  invalidInput: "Invalid session id",
  run: async ({ sessionId }, { session, actor }) => ended(await revokeSession({ actor, userId: session.userId, sessionId })),
  endsOwnSession,
});

export const signOutOtherDevicesAction = defineAction({
  access: "user",
  input: z.object({}),
  run: async (_, { session, actor }) => ended(await revokeOtherSessions({ actor, userId: session.userId })),
});
