import crypto from "node:crypto";
import bcrypt from "bcryptjs";
import { db } from "@/server/db/client";
import { newDeviceToken } from "@/server/devices/device-cookie";
import type { ApiRequest } from "@/server/api/http";

export const TEST_PASSWORD = "correct horse battery staple";
// Cost 4 keeps tests fast; verification reads the cost from the hash itself.
const cheapHash = bcrypt.hashSync(TEST_PASSWORD, 4);

export function randomEmail(prefix = "user") {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}@test.example`;
}

export async function createUser(overrides: { email?: string; name?: string; role?: "USER" | "ADMIN"; disabledAt?: Date | null } = {}) {
  return db.user.create({
    data: {
      email: overrides.email ?? randomEmail(),
      name: overrides.name ?? "Test User",
      passwordHash: cheapHash,
      role: overrides.role ?? "USER",
      disabledAt: overrides.disabledAt ?? null,
    },
  });
}

export const browser = {
  mac: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36",
  linux: "Mozilla/5.0 (X11; Linux x86_64; rv:144.0) Gecko/20100101 Firefox/144.0",
};

export function context(userAgent = browser.mac, ip = "203.0.113.9") {
  return { ip, userAgent };
}

export { newDeviceToken };

/** A REST request as the API router hands it to a route (server/api/http.ts). */
export function apiRequest({
  headers = {},
  method = "GET",
  path = "/api/v1/x",
  body = "",
}: { headers?: Record<string, string>; method?: string; path?: string; body?: string } = {}): ApiRequest {
  const bytes = Buffer.from(body);
  return { method, path, query: new URLSearchParams(), headers, readBody: async (max) => (bytes.length > max ? null : bytes) };
}

/**
 * A grant of `clientId` bound to one Devicekeeper session, as the OpenID provider records a sign-in
 * to an app (tests/oidc-support.ts signs in through the provider itself). Answers the grant's id.
 */
export async function grantOn({ userId, clientId, dkSessionId }: { userId: string; clientId: string; dkSessionId: string }) {
  const id = crypto.randomUUID();
  await db.oidcPayload.create({
    data: { model: "Grant", id, payload: { accountId: userId, clientId }, accountId: userId, clientId, dkSessionId },
  });
  return id;
}
