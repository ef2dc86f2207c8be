// Demo data: four users and a lived-in device history for alice, so the pages are not empty.
// Applied by scripts/serve.ts (npm run dev / npm start) on an empty embedded database, or on demand with `npm run db:seed`.
import "server-only";
import crypto from "node:crypto";
import bcrypt from "bcryptjs";
import type { PrismaClient } from "@/prisma/generated/client";
import { seal } from "@/server/crypto/secret-box";
import { sealTotpSecret } from "@/server/mfa/totp";
import { hashRecoveryCode, RECOVERY_CODE_COUNT } from "@/server/mfa/recovery-code-hash";
import { devicePlaceColumns } from "@/server/location/locate";
import { displayPrefix, hashToken } from "@/server/api-tokens/token-secret";
import { es256CosePublicKey } from "@/server/demo/cose-key";
import { sealClientSecret } from "@/server/oidc/client-secret";

export const DEMO_PASSWORD = "devicekeeper";
/** carol's authenticator-app secret, printed in the README so the demo can sign in as her. */
export const CAROL_TOTP_SECRET = "DEVICEKEEPERDEMOCAROLTOTPSECRETA";
/**
 * Well-known API credentials for the curl session of docs/api.md. Seeded only into the embedded demo
 * database and test databases (`demoCredentials`), never by `npm run db:seed` on PostgreSQL:
 * anyone who read the README could use them.
 */
/** Fixed ids, so the curl session of docs/api.md can be pasted as it is. */
export const DEMO_IDS = {
  alice: "a11ce000-0000-4000-8000-000000000001",
  bob: "b0b00000-0000-4000-8000-000000000002",
  admin: "ad000000-0000-4000-8000-000000000003",
  carol: "ca401000-0000-4000-8000-000000000004",
  aliceIphone: "de000000-0000-4000-8000-00000000a001",
  aliceLaptop: "de000000-0000-4000-8000-00000000a002",
  aliceLinux: "de000000-0000-4000-8000-00000000a003",
  bobMac: "de000000-0000-4000-8000-00000000b001",
  carolPhone: "de000000-0000-4000-8000-00000000c001",
  carolMac: "de000000-0000-4000-8000-00000000c002",
  carolPasskey: "ca401000-0000-4000-8000-0000000000a1",
  carolBinding: "ca401000-0000-4000-8000-0000000000b1",
} as const;

export const DEMO_PERSONAL_TOKEN = "pat_demo_alice";
export const DEMO_SERVER_KEY = "sk_demo_devicekeeper";
/**
 * The app examples/relying-app signs in as (`npm run example:app`, docs/oidc.md): registered with a
 * well-known client id and secret, on the same terms as the demo API credentials above.
 */
export const DEMO_APP = {
  clientId: "a9900000-0000-4000-8000-000000000e01",
  clientSecret: "dks_demo_team_wiki_example",
  name: "Team Wiki (example)",
  origin: "http://localhost:4000",
} as const;

const UA = {
  iphone:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
  windows: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36 Edg/141.0.0.0",
  linux: "Mozilla/5.0 (X11; Linux x86_64; rv:144.0) Gecko/20100101 Firefox/144.0",
  mac: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36",
};

const ago = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000);
const DAY = 24 * 60;
// Seeded devices get a cookie hash no browser holds: they can be seen and revoked, never resumed.
const unreachableHash = () => crypto.randomBytes(32).toString("hex");

export async function seedDemoData(
  db: PrismaClient,
  { now = new Date(), demoCredentials = false }: { now?: Date; demoCredentials?: boolean } = {},
): Promise<{ created: boolean }> {
  if (await db.user.findUnique({ where: { email: "alice@example.com" } })) return { created: false };
  const passwordHash = await bcrypt.hash(DEMO_PASSWORD, 12);
  await db.$transaction(async (tx) => {
    const alice = await tx.user.create({
      data: {
        id: DEMO_IDS.alice,
        email: "alice@example.com",
        name: "Alice Example",
        passwordHash,
        emailVerifiedAt: now,
        createdAt: ago(now, 90 * DAY),
      },
    });
    const bob = await tx.user.create({
      data: {
        id: DEMO_IDS.bob,
        email: "bob@example.com",
        name: "Bob Example",
        passwordHash,
        emailVerifiedAt: now,
        createdAt: ago(now, 60 * DAY),
      },
    });
    const admin = await tx.user.create({
      data: {
        id: DEMO_IDS.admin,
        email: "admin@example.com",
        name: "Ada Admin",
        role: "ADMIN",
        passwordHash,
        emailVerifiedAt: now,
        createdAt: ago(now, 120 * DAY),
      },
    });

    const device = (
      id: string,
      userId: string,
      name: string,
      type: "mobile" | "desktop",
      os: string,
      browser: string,
      userAgent: string,
      ip: string,
      createdMin: number,
      seenMin: number,
      extra: object = {},
    ) =>
      tx.device.create({
        data: {
          id,
          userId,
          name,
          type,
          os,
          browser,
          userAgent,
          lastIp: ip,
          ...devicePlaceColumns(ip),
          cookieHash: unreachableHash(),
          createdAt: ago(now, createdMin),
          authenticatedAt: ago(now, seenMin + 5),
          lastSeenAt: ago(now, seenMin),
          lastVerificationMethod: "PASSWORD",
          ...extra,
        },
      });
    const iphone = await device(
      DEMO_IDS.aliceIphone,
      alice.id,
      "Alice's iPhone",
      "mobile",
      "iOS",
      "Safari",
      UA.iphone,
      "81.169.145.1" /* Berlin */,
      80 * DAY,
      12,
      {
        trustedAt: ago(now, 80 * DAY),
        rememberedUntil: new Date(now.getTime() + 20 * DAY * 60_000),
      },
    );
    const laptop = await device(
      DEMO_IDS.aliceLaptop,
      alice.id,
      "Work laptop",
      "desktop",
      "Windows",
      "Edge",
      UA.windows,
      "78.46.0.1" /* Nuremberg */,
      45 * DAY,
      3 * 60,
    );
    const linux = await device(
      DEMO_IDS.aliceLinux,
      alice.id,
      "Firefox on Linux",
      "desktop",
      "Linux",
      "Firefox",
      UA.linux,
      "91.198.174.192" /* Amsterdam */,
      20 * DAY,
      6 * DAY,
    );
    const bobMac = await device(
      DEMO_IDS.bobMac,
      bob.id,
      "Chrome on macOS",
      "desktop",
      "macOS",
      "Chrome",
      UA.mac,
      "81.2.69.142" /* London */,
      30 * DAY,
      2 * DAY,
    );

    const session = (
      d: {
        id: string;
        userId: string;
        userAgent: string | null;
        lastIp: string | null;
        lastLocation: string | null;
        lastCountry: string | null;
      },
      startMin: number,
      seenMin: number,
      revoked?: { min: number; reason: "SIGNED_OUT" | "DEVICE_UNTRUSTED" | "SESSION_REVOKED" },
    ) =>
      tx.session.create({
        data: {
          userId: d.userId,
          deviceId: d.id,
          createdAt: ago(now, startMin),
          lastSeenAt: ago(now, seenMin),
          expiresAt: new Date(ago(now, startMin).getTime() + 30 * DAY * 60_000),
          ip: d.lastIp,
          location: d.lastLocation,
          country: d.lastCountry,
          userAgent: d.userAgent,
          revokedAt: revoked ? ago(now, revoked.min) : null,
          revokedReason: revoked?.reason ?? null,
        },
      });
    await session(iphone, 3 * DAY, 12);
    await session(iphone, 25 * DAY, 20 * DAY, { min: 20 * DAY, reason: "SIGNED_OUT" });
    await session(laptop, 2 * DAY, 3 * 60);
    await session(laptop, 9 * DAY, 8 * DAY, { min: 8 * DAY, reason: "SESSION_REVOKED" });
    await session(linux, 7 * DAY, 6 * DAY, { min: 6 * DAY, reason: "DEVICE_UNTRUSTED" });
    await session(bobMac, 2 * DAY, 2 * DAY);

    // A sign-in's audit row says where it came from, and whether that country was new for the account.
    const at = (d: { lastLocation: string | null; lastCountry: string | null }, unusualCountry = false) =>
      d.lastCountry ? { location: d.lastLocation, country: d.lastCountry, unusualCountry } : {};
    const event = (userId: string, deviceId: string, type: string, min: number, ip: string | null, detail: object = {}) =>
      tx.auditEvent.create({ data: { actorId: userId, userId, deviceId, type, ip, createdAt: ago(now, min), detail } });
    /** A password sign-in on a device, `min` minutes ago, as startSession audits it. */
    const signIn = (
      userId: string,
      d: { id: string; name: string; lastIp: string | null; lastLocation: string | null; lastCountry: string | null },
      min: number,
      { newDevice = false, unusualCountry = false } = {},
    ) => event(userId, d.id, "SIGN_IN", min, d.lastIp, { method: "PASSWORD", newDevice, deviceName: d.name, ...at(d, unusualCountry) });
    await signIn(alice.id, iphone, 25 * DAY);
    await event(alice.id, iphone.id, "SIGN_OUT", 20 * DAY, iphone.lastIp);
    await signIn(alice.id, laptop, 9 * DAY);
    await signIn(alice.id, linux, 7 * DAY, { unusualCountry: true });
    await event(alice.id, laptop.id, "SESSION_REVOKED", 8 * DAY, iphone.lastIp, { sessionsEnded: 1 });
    await event(alice.id, linux.id, "DEVICE_UNTRUSTED", 6 * DAY, iphone.lastIp, { sessionsEnded: 1 });
    await signIn(alice.id, iphone, 3 * DAY);
    await signIn(alice.id, laptop, 2 * DAY);
    await signIn(bob.id, bobMac, 2 * DAY, { newDevice: true });

    // carol lost her phone (Ping Identity AIC): it carries her push and bound-device authenticators; her
    // laptop has her authenticator app and a passkey. An admin can reset them for her.
    const carol = await tx.user.create({
      data: {
        id: DEMO_IDS.carol,
        email: "carol@example.com",
        name: "Carol Example",
        passwordHash,
        emailVerifiedAt: now,
        createdAt: ago(now, 200 * DAY),
      },
    });
    const lostPhone = await device(
      DEMO_IDS.carolPhone,
      carol.id,
      "Carol's iPhone",
      "mobile",
      "iOS",
      "Safari",
      UA.iphone,
      "212.58.244.1" /* London */,
      150 * DAY,
      4 * DAY,
    );
    const laptop2 = await device(
      DEMO_IDS.carolMac,
      carol.id,
      "Carol's MacBook",
      "desktop",
      "macOS",
      "Chrome",
      UA.mac,
      "151.101.1.1" /* Montreal */,
      180 * DAY,
      30,
      { lastVerificationMethod: "AUTHENTICATOR_APP" },
    );
    await session(lostPhone, 5 * DAY, 4 * DAY);
    await session(laptop2, 1 * DAY, 30);
    await tx.authenticator.createMany({
      data: [
        {
          userId: carol.id,
          deviceId: laptop2.id,
          kind: "TOTP",
          name: "Authenticator app",
          secretEnc: sealTotpSecret(CAROL_TOTP_SECRET),
          createdAt: ago(now, 170 * DAY),
          lastUsedAt: ago(now, DAY),
        },
        {
          id: DEMO_IDS.carolPasskey,
          userId: carol.id,
          deviceId: laptop2.id,
          kind: "WEBAUTHN",
          name: "MacBook Touch ID",
          createdAt: ago(now, 160 * DAY),
          lastUsedAt: ago(now, 9 * DAY),
          // A demo record: a well-formed credential no real authenticator holds.
          credentialId: crypto.randomBytes(32).toString("base64url"),
          publicKey: new Uint8Array(es256CosePublicKey()),
          signCount: 12,
          transports: ["internal"],
        },
        {
          userId: carol.id,
          deviceId: lostPhone.id,
          kind: "PUSH",
          name: "Carol's iPhone (push)",
          createdAt: ago(now, 150 * DAY),
          lastUsedAt: ago(now, 5 * DAY),
          mechanismUid: crypto.randomUUID(),
          platformDeviceId: crypto.randomUUID(),
          pushTokenEnc: seal(crypto.randomBytes(32).toString("hex"), "push-token"),
          secretEnc: seal(crypto.randomBytes(32).toString("base64url"), "mechanism-secret"),
        },
        {
          id: DEMO_IDS.carolBinding,
          userId: carol.id,
          deviceId: lostPhone.id,
          kind: "BINDING",
          name: "Carol's iPhone (bound)",
          createdAt: ago(now, 150 * DAY),
          lastUsedAt: ago(now, 5 * DAY),
          mechanismUid: crypto.randomUUID(),
          platformDeviceId: crypto.randomUUID(),
          publicKey: new Uint8Array(crypto.randomBytes(65)),
          secretEnc: seal(crypto.randomBytes(32).toString("base64url"), "mechanism-secret"),
        },
      ],
    });
    // Her recovery codes: a set made when she set up two-step sign-in, two of them used since (no one
    // knows the others: they are random, and shown only when made).
    await tx.recoveryCode.createMany({
      data: Array.from({ length: RECOVERY_CODE_COUNT }, (_, i) => ({
        userId: carol.id,
        codeHash: hashRecoveryCode(crypto.randomBytes(8).toString("hex")),
        createdAt: ago(now, 170 * DAY),
        usedAt: i < 2 ? ago(now, (120 - 40 * i) * DAY) : null,
      })),
    });
    for (const [i, remaining] of [9, 8].entries())
      await event(carol.id, laptop2.id, "RECOVERY_CODE_USED", (120 - 40 * i) * DAY, laptop2.lastIp, { remaining });
    // Her phone's last sign-in before it was lost, verified as her bound device: its page has a history.
    await event(carol.id, lostPhone.id, "SIGN_IN", 5 * DAY, lostPhone.lastIp, {
      method: "DEVICE",
      newDevice: false,
      deviceName: lostPhone.name,
      ...at(lostPhone),
    });
    await event(carol.id, laptop2.id, "SIGN_IN", 1 * DAY, laptop2.lastIp, {
      method: "AUTHENTICATOR_APP",
      newDevice: false,
      deviceName: laptop2.name,
      ...at(laptop2),
    });

    if (demoCredentials) {
      const credential = (token: string, kind: "PERSONAL" | "SERVER", name: string, userId: string | null, createdById: string) => ({
        kind,
        name,
        userId,
        createdById,
        tokenHash: hashToken(token),
        prefix: displayPrefix(token),
        createdAt: ago(now, 10 * DAY),
      });
      await tx.apiToken.createMany({
        data: [
          credential(DEMO_PERSONAL_TOKEN, "PERSONAL", "README demo token", alice.id, alice.id),
          credential(DEMO_SERVER_KEY, "SERVER", "README demo key", null, admin.id),
        ],
      });
      await tx.oidcClient.create({
        data: {
          id: DEMO_APP.clientId,
          name: DEMO_APP.name,
          confidential: true,
          ...sealClientSecret(DEMO_APP.clientSecret),
          redirectUris: [`${DEMO_APP.origin}/callback`],
          postLogoutRedirectUris: [`${DEMO_APP.origin}/`],
          backchannelLogoutUri: `${DEMO_APP.origin}/backchannel-logout`,
          firstParty: true,
          scopes: ["openid", "profile", "email", "offline_access"],
          createdById: admin.id,
          createdAt: ago(now, 10 * DAY),
        },
      });
    }
  });
  return { created: true };
}
