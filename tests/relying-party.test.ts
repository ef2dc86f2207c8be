// WebAuthn's relying party: the configured AUTH_URL; in production without it, refused rather than
// taken from a Host / X-Forwarded-Host header a client chose.
import { afterEach, describe, expect, it } from "vitest";
import { relyingParty } from "@/server/mfa/relying-party";

const env = process.env as Record<string, string | undefined>;
const saved = { NODE_ENV: env.NODE_ENV, AUTH_URL: env.AUTH_URL, NEXTAUTH_URL: env.NEXTAUTH_URL };
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
});

describe("relyingParty", () => {
  it("is AUTH_URL when set", async () => {
    env.NODE_ENV = "production";
    env.AUTH_URL = "https://devices.example.com";
    expect(await relyingParty()).toEqual({ rpID: "devices.example.com", origin: "https://devices.example.com", rpName: "Devicekeeper" });
  });

  it("refuses in production without AUTH_URL", async () => {
    env.NODE_ENV = "production";
    delete env.AUTH_URL;
    delete env.NEXTAUTH_URL;
    await expect(relyingParty()).rejects.toMatchObject({ code: "FORBIDDEN", userMessage: expect.stringContaining("AUTH_URL") });
  });
});
