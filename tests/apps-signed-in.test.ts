// The apps a page names before an action that signs them out: those of the user's live sessions,
// on one device or on all of them (server/sessions/apps-of-sessions.ts) — as the "This wasn't me"
// page and the new-password form after it show them.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { appsSignedIn } from "@/server/sessions/apps-of-sessions";
import { createEmailLink } from "@/server/mail/email-links";
import { peekDeviceReport, reportDevice } from "@/server/devices/report-device";
import { context, createUser, grantOn } from "./factories";

const DAY = 86_400_000;

async function world() {
  const user = await createUser();
  const userId = user.id;
  const device = (name: string) => db.device.create({ data: { userId, name } });
  const session = (deviceId: string) => db.session.create({ data: { userId, deviceId, expiresAt: new Date(Date.now() + DAY) } });
  const app = (name: string) => db.oidcClient.create({ data: { name, redirectUris: [], postLogoutRedirectUris: [], scopes: ["openid"] } });
  const [laptop, phone] = [await device("Laptop"), await device("Phone")];
  const [onLaptop, onPhone, ended] = [await session(laptop.id), await session(phone.id), await session(laptop.id)];
  await db.session.update({ where: { id: ended.id }, data: { revokedAt: new Date(), revokedReason: "SIGNED_OUT" } });
  const [wiki, grafana, old] = [await app("Wiki"), await app("Grafana"), await app("Old tool")];
  await grantOn({ userId, clientId: wiki.id, dkSessionId: onLaptop.id });
  await grantOn({ userId, clientId: grafana.id, dkSessionId: onPhone.id });
  // Left on an ended session (its rows normally go with it): not signed in, not named.
  await grantOn({ userId, clientId: old.id, dkSessionId: ended.id });
  return { userId, laptop, phone };
}

describe("the apps signed in on a user's live sessions", () => {
  it("on one device, or on all of them; never an ended session's", async () => {
    const { userId, laptop, phone } = await world();
    expect(await appsSignedIn({ userId, deviceIds: [laptop.id] })).toEqual(["Wiki"]);
    expect(await appsSignedIn({ userId, deviceIds: [phone.id] })).toEqual(["Grafana"]);
    expect(await appsSignedIn({ userId, deviceIds: [laptop.id, phone.id] })).toEqual(["Grafana", "Wiki"]);
    expect(await appsSignedIn({ userId })).toEqual(["Grafana", "Wiki"]);
    expect(await appsSignedIn({ userId: (await createUser()).id })).toEqual([]);
  });

  it("“This wasn't me” names the device's apps first, then those a new password would still sign out", async () => {
    const { userId, laptop } = await world();
    const token = await db.$transaction((tx) => createEmailLink(tx, { purpose: "DEVICE_REPORT", userId, deviceId: laptop.id }));
    expect(await peekDeviceReport(token)).toMatchObject({ apps: ["Wiki"] });
    expect(await reportDevice({ token, answer: "not-me", context: context() })).toMatchObject({
      apps: ["Wiki"],
      stillSignedIn: ["Grafana"],
    });
  });
});
