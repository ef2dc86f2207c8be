import { describe, expect, it } from "vitest";
import { authenticatorLabel, distinctDeviceLabels, distinctDeviceName } from "@/lib/devices";

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

describe("distinctDeviceName", () => {
  it("keeps a free name, else numbers it after the names taken", () => {
    expect(distinctDeviceName("Chrome on Linux", [])).toBe("Chrome on Linux");
    expect(distinctDeviceName("Chrome on Linux", ["Firefox on Linux"])).toBe("Chrome on Linux");
    expect(distinctDeviceName("Chrome on Linux", ["Chrome on Linux"])).toBe("Chrome on Linux (2)");
    expect(distinctDeviceName("Chrome on Linux", ["Chrome on Linux", "Chrome on Linux (2)", "Chrome on Linux (4)"])).toBe(
      "Chrome on Linux (3)",
    );
  });
});

describe("distinctDeviceLabels", () => {
  it("names a shared name's first-seen day, and numbers it when that is shared too", () => {
    const labels = distinctDeviceLabels([
      { id: "a", name: "Chrome on Linux", firstSeen: "3 Dec" },
      { id: "b", name: "Chrome on Linux", firstSeen: "4 Dec" },
      { id: "c", name: "Chrome on Linux", firstSeen: "4 Dec" },
      { id: "d", name: "Work laptop", firstSeen: "4 Dec" },
    ]);
    expect([...labels.values()]).toEqual([
      "Chrome on Linux — first seen 3 Dec",
      "Chrome on Linux — first seen 4 Dec (1)",
      "Chrome on Linux — first seen 4 Dec (2)",
      "Work laptop",
    ]);
  });
});
