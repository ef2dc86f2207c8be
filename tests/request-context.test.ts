import { afterEach, describe, expect, it } from "vitest";
import { contextFromHeaders } from "@/server/request-context";

describe("contextFromHeaders", () => {
  afterEach(() => {
    delete process.env.TRUST_PROXY;
  });

  it("takes the address Next records and unmaps IPv4-mapped IPv6", () => {
    expect(contextFromHeaders(new Headers({ "x-forwarded-for": "::ffff:127.0.0.1", "user-agent": "UA" }))).toEqual({ ip: "127.0.0.1", userAgent: "UA" });
    expect(contextFromHeaders({ "x-forwarded-for": "2001:db8::1" }).ip).toBe("2001:db8::1");
  });

  it("believes the first X-Forwarded-For entry only behind a trusted proxy", () => {
    const h = new Headers({ "x-forwarded-for": "198.51.100.4, 10.0.0.2" });
    expect(contextFromHeaders(h).ip).toBe("10.0.0.2");
    process.env.TRUST_PROXY = "1";
    expect(contextFromHeaders(h).ip).toBe("198.51.100.4");
  });

  it("bounds what it stores", () => {
    const ctx = contextFromHeaders({ "user-agent": "x".repeat(5000) });
    expect(ctx.userAgent).toHaveLength(512);
    expect(ctx.ip).toBeNull();
  });
});
