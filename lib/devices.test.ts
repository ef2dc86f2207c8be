import { describe, expect, it } from "vitest";
import { authenticatorLabel } from "@/lib/devices";

describe("authenticatorLabel", () => {
  it("says a factor's kind once", () => {
    expect(authenticatorLabel({ kind: "PUSH", name: "Carol's iPhone (push)" })).toBe("Carol's iPhone (push)");
    expect(authenticatorLabel({ kind: "BINDING", name: "Carol's iPhone (bound)" })).toBe("Carol's iPhone (bound)");
    expect(authenticatorLabel({ kind: "TOTP", name: "Authenticator app" })).toBe("Authenticator app");
    expect(authenticatorLabel({ kind: "WEBAUTHN", name: "YubiKey security key" })).toBe("YubiKey security key");
    expect(authenticatorLabel({ kind: "TOTP", name: "Work phone" })).toBe("Work phone (authenticator app)");
    expect(authenticatorLabel({ kind: "PUSH", name: "Pushkin's Pixel" })).toBe("Pushkin's Pixel (push)");
  });
});
