"use server";

import { z } from "zod";
import { deviceIdSchema } from "@/lib/validation/devices";
import { defineAction } from "@devicekeeper/server/actions/action-client";
import { signOutStaleDevices } from "@devicekeeper/server/devices/sign-out-stale-devices";
import { confirmDevice } from "@devicekeeper/server/devices/confirm-device";
import { appsSignedOutToo } from "@/lib/devices";

// The confirmation names the devices; it sends their ids as one comma-separated field.
const deviceIds = z
  .string()
  .transform((s) => s.split(",").filter(Boolean))
  .pipe(z.array(deviceIdSchema).min(1).max(100));

export const signOutStaleDevicesAction = defineAction({
  access: "user",
  input: z.object({ deviceIds }),
  invalidInput: "Invalid device id",
  run: async ({ deviceIds }, { session, actor }) => {
    const { signedOut, sessionsEnded, apps } = await signOutStaleDevices({
      actor,
      userId: session.userId,
      deviceIds,
      currentDeviceId: session.deviceId,
    });
    const n = signedOut.length;
    return {
      message: n
        ? `${n === 1 ? "1 device" : `${n} devices`} signed out${sessionsEnded ? ` — ${sessionsEnded === 1 ? "1 session" : `${sessionsEnded} sessions`} ended` : ""}.${appsSignedOutToo(apps)}`
        : "Nothing to sign out: those devices were already signed out or used again.",
      signedOut: signedOut.map((d) => d.name),
    };
  },
});

export const confirmDeviceAction = defineAction({
  access: "user",
  input: z.object({ deviceId: deviceIdSchema }),
  invalidInput: "Invalid device id",
  run: async ({ deviceId }, { session, actor }) => {
    const { name } = await confirmDevice({ actor, userId: session.userId, deviceId });
    return { message: `${name} confirmed as yours.` };
  },
});
