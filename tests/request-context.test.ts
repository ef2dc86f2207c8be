import { describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER, contextFromHeaders, markFrontDoor } from "@/server/request-context";

describe("contextFromHeaders", () => {
  it("takes the IP only from the front door's header, never from X-Forwarded-For", () => {
    const h = new Headers({ "x-forwarded-for": "6.6.6.6", [CLIENT_IP_HEADER]: "203.0.113.7", "user-agent": "UA" });
    // Not served through the front door (nothing set the header): no IP at all.
    expect(contextFromHeaders(h)).toEqual({ ip: null, userAgent: "UA" });
    markFrontDoor();
    expect(contextFromHeaders(h)).toEqual({ ip: "203.0.113.7", userAgent: "UA" });
    expect(contextFromHeaders({ "x-forwarded-for": "6.6.6.6" }).ip).toBeNull();
  });

  it("bounds what it stores", () => {
    const ctx = contextFromHeaders({ "user-agent": "x".repeat(5000) });
    expect(ctx.userAgent).toHaveLength(512);
    expect(ctx.ip).toBeNull();
  });
});
