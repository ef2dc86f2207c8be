// An unreachable database is "retry shortly" (503 with Retry-After in the route family's shape),
// never a 500 — checked with the errors the real drivers raise against a port nobody listens on.
import net from "node:net";
import { describe, expect, it, vi } from "vitest";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/prisma/generated/client";
import { isDbUnavailable } from "@/server/errors";
import { runRoute } from "@/server/api/route";
import { untrustDeviceRoutes } from "@/server/api/routes/untrust-device";
import { settingsDevicesRoutes } from "@/server/api/routes/settings-devices";
import { createApiToken } from "@/server/api-tokens/create-api-token";
import * as untrust from "@/server/devices/untrust-device";
import { db } from "@/server/db/client";
import { apiRequest, context, createUser } from "./factories";

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (e) {
    return e;
  }
  throw new Error("expected a failure");
}

describe("isDbUnavailable", () => {
  it("recognises node-postgres and Prisma failing to reach the database, and nothing else", async () => {
    const url = `postgres://postgres@127.0.0.1:${await closedPort()}/postgres`;
    const pgError = await failure(() => new pg.Client({ connectionString: url }).connect());
    expect(isDbUnavailable(pgError)).toBe(true);
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
    const prismaError = await failure(() => prisma.user.count());
    expect(isDbUnavailable(prismaError)).toBe(true);
    await prisma.$disconnect().catch(() => undefined);

    expect(isDbUnavailable(new Error("boom"))).toBe(false);
    const unique = await failure(async () => {
      const user = await createUser();
      await db.user.create({ data: { email: user.email, name: "dup", passwordHash: "x" } });
    });
    expect(isDbUnavailable(unique)).toBe(false);
  });
});

describe("the API when the database is unreachable", () => {
  it("answers 503 with Retry-After in the family's shape, logs no stack", async () => {
    const user = await createUser();
    const { token } = await createApiToken({
      actor: { userId: user.id, role: "USER", context: context() },
      kind: "PERSONAL",
      name: "p",
      expiresInDays: 0,
    });
    const down = await failure(async () =>
      new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${await closedPort()}/postgres` }).connect(),
    );
    const spy = vi.spyOn(untrust, "untrustDevice").mockRejectedValueOnce(down);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const res = await runRoute(untrustDeviceRoutes[0]!, apiRequest({ headers: { authorization: `Bearer ${token}` }, method: "POST" }), {
        id: crypto.randomUUID(),
      });
      expect([res.status, res.headers?.["Retry-After"], JSON.parse(res.body!)]).toEqual([
        503,
        "5",
        { success: false, error: "The service is briefly unavailable; retry in a few seconds." },
      ]);
      expect(error).not.toHaveBeenCalled();
      // The next request, with the database back, works as usual.
      const list = await runRoute(settingsDevicesRoutes[0]!, apiRequest({ headers: { authorization: `Bearer ${token}` } }), {});
      expect(list.status).toBe(200);
    } finally {
      spy.mockRestore();
      warn.mockRestore();
      error.mockRestore();
    }
  });
});
