/**
 * What signing in asks of a user: the one rule that decides the second step at sign-in
 * (server/mfa/second-factor-policy.ts) and tells people, before a reset or a removal, what their
 * next sign-in will ask. Pure, so the dashboard can say it about a change not yet made.
 */

export type SecondFactorMethod = "temporary-code" | "totp" | "passkey" | "push" | "recovery";

/** What decides it: the user's authenticators, their unused recovery codes and their skip option. */
export type SignInFactors = {
  authenticators: readonly {
    id: string;
    kind: "TOTP" | "WEBAUTHN" | "PUSH" | "BINDING";
    /** A push authenticator the server can reach (it has a push token and a platform device id). */
    pushReachable?: boolean;
  }[];
  recoveryCodesLeft: number;
  mfaSkip?: "NOT_SET" | "SKIPPABLE" | "NOT_SKIPPABLE";
  /** An administrator issued a temporary access code that is neither used, ended nor expired. */
  temporaryCodeLive?: boolean;
};

/**
 * The second factors a browser sign-in offers, in the order the step offers them: a temporary
 * access code while an administrator's is live (first: it was issued because the others are out of
 * reach, and a push to a lost phone must not go out first), an authenticator app's code, a passkey,
 * a push approved on a phone, then recovery codes — which count only beside an authenticator.
 * Bound devices sign the app's own requests, not browser sign-ins. Empty: the password alone signs
 * in (no factor, or the administrator let this user skip the second step).
 */
export function secondFactorMethods({
  authenticators,
  recoveryCodesLeft,
  mfaSkip,
  temporaryCodeLive,
}: SignInFactors): SecondFactorMethod[] {
  if (mfaSkip === "SKIPPABLE") return [];
  const has = (kind: string) => authenticators.some((a) => a.kind === kind && (kind !== "PUSH" || a.pushReachable));
  const methods: SecondFactorMethod[] = [];
  if (has("TOTP")) methods.push("totp");
  if (has("WEBAUTHN")) methods.push("passkey");
  if (has("PUSH")) methods.push("push");
  if (methods.length && recoveryCodesLeft > 0) methods.push("recovery");
  return temporaryCodeLive ? ["temporary-code", ...methods] : methods;
}

/** A change to a user's factors not yet made: authenticators removed (by kind or id), recovery codes revoked, skip reset. */
export type FactorChange = { kinds?: readonly string[]; ids?: readonly string[]; recoveryCodes?: boolean; resetSkip?: boolean };

/** The factors as they will be after `change`. */
export function afterChange(factors: SignInFactors, change: FactorChange): SignInFactors {
  return {
    authenticators: factors.authenticators.filter((a) => !change.kinds?.includes(a.kind) && !change.ids?.includes(a.id)),
    recoveryCodesLeft: change.recoveryCodes ? 0 : factors.recoveryCodesLeft,
    mfaSkip: change.resetSkip ? "NOT_SET" : factors.mfaSkip,
    temporaryCodeLive: factors.temporaryCodeLive,
  };
}

const WORDS: Record<SecondFactorMethod, string> = {
  "temporary-code": "the temporary access code from an administrator",
  totp: "a code from the authenticator app",
  passkey: "a passkey or security key",
  push: "an approval on the phone set up for push",
  recovery: "a recovery code",
};

const either = (items: string[]) => (items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`);

/** "a code from the authenticator app or a recovery code": the second steps, in the words every page uses. */
export const secondStepsInWords = (methods: readonly SecondFactorMethod[]) => either(methods.map((m) => WORDS[m]));

/**
 * "Signing in asks for your password, then a code from the authenticator app or a recovery code."
 * `who`: the user's name when someone else reads it (an administrator), else it speaks to the user.
 */
export function describeSignIn(methods: readonly SecondFactorMethod[], who?: string): string {
  const subject = who ? `Signing in as ${who} asks for their password` : "Signing in asks for your password";
  if (!methods.length) return `${subject} only: there is no second step.`;
  return `${subject}, then ${secondStepsInWords(methods)}.`;
}

/** The sentence a confirmation shows about a change: "After this, signing in asks for …". */
export function describeSignInAfter(factors: SignInFactors, change: FactorChange, who?: string): string {
  const sentence = describeSignIn(secondFactorMethods(afterChange(factors, change)), who);
  return `After this, ${sentence[0]!.toLowerCase()}${sentence.slice(1)}`;
}
