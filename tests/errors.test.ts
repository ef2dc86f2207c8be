// The one mapping from a failure to its answer (server/errors.ts classify), which the REST routes,
// the server actions, the sign-in JSON routes and the front door's 503 page each render in their
// own shape: what each kind of failure is, and what a server action makes of it.
import { describe, expect, it } from "vitest";
import { AppError, classify, DB_OUTAGE, type AppErrorCode } from "@/server/errors";
import { PasswordChangeError } from "@/server/auth/change-password";
import { refusalOrRethrow } from "@/server/actions/refusal";
import { UNAVAILABLE } from "@/lib/action-result";

describe("classify", () => {
  const statuses: [AppErrorCode, number][] = [
    ["NOT_FOUND", 404],
    ["INVALID_INPUT", 400],
    ["UNAUTHENTICATED", 401],
    ["FORBIDDEN", 403],
    ["CONFLICT", 409],
    ["RATE_LIMITED", 429],
  ];
  for (const [code, status] of statuses)
    it(`makes an AppError ${code} a refusal with status ${status} and its message`, () => {
      expect(classify(new AppError(code, "Said to the user."))).toEqual({ kind: "refusal", code, status, message: "Said to the user." });
    });

  it("keeps the form field a refusal is about", () => {
    expect(classify(new PasswordChangeError("newPassword", "Too short."))).toEqual({
      kind: "refusal",
      code: "INVALID_INPUT",
      status: 400,
      message: "Too short.",
      field: "newPassword",
    });
  });

  it("makes an unreachable database, however wrapped, an outage to retry in 5 seconds", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    expect(classify(refused)).toEqual({ kind: "unavailable", retryAfterSeconds: 5 });
    expect(classify(new Error("query failed", { cause: { code: "P1001" } }))).toBe(DB_OUTAGE);
  });

  it("makes anything else a bug — a look-alike of AppError included (matched by class, not by name)", () => {
    expect(classify(new Error("boom"))).toEqual({ kind: "bug" });
    expect(classify(Object.assign(new Error("Not a refusal"), { name: "AppError", code: "NOT_FOUND", userMessage: "x" }))).toEqual({
      kind: "bug",
    });
    expect(classify(undefined)).toEqual({ kind: "bug" });
    expect(classify("a string")).toEqual({ kind: "bug" });
  });
});

describe("a server action's answer (refusalOrRethrow)", () => {
  it("shows a refusal's message and field, an outage as temporarily unavailable, and rethrows a bug", () => {
    expect(refusalOrRethrow(new AppError("NOT_FOUND", "Device not found"))).toEqual({ ok: false, error: "Device not found" });
    expect(refusalOrRethrow(new PasswordChangeError("currentPassword", "Wrong."))).toEqual({
      ok: false,
      error: "Wrong.",
      field: "currentPassword",
    });
    expect(refusalOrRethrow(Object.assign(new Error("down"), { code: "57P01" }))).toEqual({ ok: false, error: UNAVAILABLE });
    const bug = new Error("secret detail");
    expect(() => refusalOrRethrow(bug)).toThrow(bug);
  });
});
