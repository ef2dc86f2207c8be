import { describe, expect, it } from "vitest";
import { interactionOf, safeNextPath } from "@/lib/next-path";

describe("safeNextPath", () => {
  it("keeps a path of this site", () => {
    expect(safeNextPath("/oidc/interaction/abc_DEF-1")).toBe("/oidc/interaction/abc_DEF-1");
    expect(safeNextPath("/devices?x=1")).toBe("/devices?x=1");
  });
  it("never leaves the site", () => {
    for (const bad of [
      "//evil.example",
      "/\\evil.example",
      "https://evil.example",
      "evil",
      "/\tx",
      "/ x",
      " /x",
      "",
      undefined,
      ["/x"],
      "/" + "a".repeat(600),
    ])
      expect(safeNextPath(bad)).toBe("/devices");
  });
  it("names the interaction it continues", () => {
    expect(interactionOf("/oidc/interaction/abc")).toBe("abc");
    expect(interactionOf("/oidc/interaction/abc/consent")).toBeNull();
    expect(interactionOf("/devices")).toBeNull();
  });
});
