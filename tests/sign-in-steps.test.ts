// What signing in asks (lib/sign-in-steps.ts): the one rule behind both the second step itself and
// what the dashboard says the next sign-in will ask, before a reset or a removal.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { passwordStep } from "@/server/auth/sign-in-with-password";
import { getSecurityOverview } from "@/server/mfa/get-security-overview";
import { resetOath, resetPush } from "@/server/admin/reset-authenticators";
import { secondStepsLeft, signInFactorsOf, type SecurityOverview } from "@/lib/security";
import { describeSignIn, describeSignInAfter, secondFactorMethods, type SignInFactors } from "@/lib/sign-in-steps";
import { context, createUser, newDeviceToken, TEST_PASSWORD } from "./factories";

const totp = { id: "t", kind: "TOTP" } as const;
const passkey = { id: "k", kind: "WEBAUTHN" } as const;
const phone = { id: "p", kind: "PUSH", pushReachable: true } as const;
const carol: SignInFactors = { authenticators: [totp, passkey, phone], recoveryCodesLeft: 0 };

describe("the rule", () => {
  it("offers each factor the user has, recovery codes only beside another, unreachable push never", () => {
    expect(secondFactorMethods(carol)).toEqual(["totp", "passkey", "push"]);
    expect(secondFactorMethods({ ...carol, recoveryCodesLeft: 3 })).toEqual(["totp", "passkey", "push", "recovery"]);
    expect(secondFactorMethods({ authenticators: [], recoveryCodesLeft: 10 })).toEqual([]);
    expect(secondFactorMethods({ authenticators: [{ ...phone, pushReachable: false }], recoveryCodesLeft: 0 })).toEqual([]);
    expect(secondFactorMethods({ authenticators: [{ id: "b", kind: "BINDING" }], recoveryCodesLeft: 5 })).toEqual([]);
    expect(secondFactorMethods({ ...carol, mfaSkip: "SKIPPABLE" })).toEqual([]);
  });

  it("tells carol's lost-phone resets as they are: never a factor she no longer has, never recovery codes she has none of", () => {
    expect(describeSignInAfter(carol, { kinds: ["TOTP"], resetSkip: true }, "Carol")).toBe(
      "After this, signing in as Carol asks for their password, then a passkey or security key or an approval on the phone set up for push.",
    );
    const withoutApp = { ...carol, authenticators: [passkey, phone] };
    expect(describeSignInAfter(withoutApp, { kinds: ["PUSH"] }, "Carol")).toBe(
      "After this, signing in as Carol asks for their password, then a passkey or security key.",
    );
    expect(describeSignInAfter({ authenticators: [passkey], recoveryCodesLeft: 0 }, { ids: ["k"] })).toBe(
      "After this, signing in asks for your password only: there is no second step.",
    );
    expect(describeSignIn(["totp", "passkey", "recovery"])).toBe(
      "Signing in asks for your password, then a code from the authenticator app, a passkey or security key or a recovery code.",
    );
  });
});

describe("the same rule decides the second step", () => {
  it("a passkey-only user is asked for their passkey, exactly what the dashboard says; after the resets, carol's steps match", async () => {
    const user = await createUser();
    const admin = { userId: (await createUser({ role: "ADMIN" })).id, role: "ADMIN" as const, context: context() };
    await db.authenticator.createMany({
      data: [
        { userId: user.id, kind: "TOTP", name: "Authy" },
        { userId: user.id, kind: "WEBAUTHN", name: "YubiKey", credentialId: `cred-${user.id}` },
        { userId: user.id, kind: "PUSH", name: "iPhone", pushTokenEnc: "sealed", platformDeviceId: "sns-1" },
      ],
    });
    const step = async () => {
      const result = await passwordStep({
        credentials: { email: user.email, password: TEST_PASSWORD },
        deviceToken: newDeviceToken(),
        context: context(),
      });
      return result?.status === "mfa-required" ? result.methods : [];
    };
    const said = async () => secondFactorMethods(signInFactorsOf(await getSecurityOverview(user.id)));
    expect([await step(), await said()]).toEqual([
      ["totp", "passkey", "push"],
      ["totp", "passkey", "push"],
    ]);
    await resetOath({ actor: admin, userId: user.id });
    expect([await step(), await said()]).toEqual([
      ["passkey", "push"],
      ["passkey", "push"],
    ]);
    await resetPush({ actor: admin, userId: user.id });
    expect([await step(), await said()]).toEqual([["passkey"], ["passkey"]]);
  });
});

describe("after a temporary access code", () => {
  const overview = (authenticators: SecurityOverview["authenticators"], remaining = 0) =>
    ({
      authenticators,
      recoveryCodes: { remaining },
      mfaSkip: null,
      temporaryAccessCode: { expiresAt: "x" },
    }) as unknown as SecurityOverview;
  it("names what sign-in still asks for besides the code, in the words of every other page; nothing when the code was all", () => {
    const passkeyOnly = [{ id: "k", kind: "WEBAUTHN" }] as unknown as SecurityOverview["authenticators"];
    expect(secondStepsLeft(overview(passkeyOnly))).toEqual({ words: "a passkey or security key", several: false });
    expect(secondStepsLeft(overview([...passkeyOnly, { id: "t", kind: "TOTP" }] as SecurityOverview["authenticators"], 8))).toEqual({
      words: "a code from the authenticator app, a passkey or security key or a recovery code",
      several: true,
    });
    // Recovery codes alone are no second step; a lost phone's unreachable push is none either.
    expect(secondStepsLeft(overview([], 8))).toBeUndefined();
    expect(
      secondStepsLeft(overview([{ id: "p", kind: "PUSH", pushReachable: false }] as unknown as SecurityOverview["authenticators"])),
    ).toBeUndefined();
  });
});
