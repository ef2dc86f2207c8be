import type { SecondFactorSetupReason } from "@/lib/security";

const WHY: Record<SecondFactorSetupReason, string> = {
  "temporary-code":
    "You signed in with a temporary access code from your administrator. It worked this once and no longer does: set up a new second factor now, so you can sign in next time.",
  "admin-reset":
    "An administrator removed your second factors, so signing in asked for your password only. Set up a new second factor now to protect your account.",
  "device-lost":
    "The second factors on the device marked as lost went with it, so signing in asked for your password only. Set up a new second factor now to protect your account.",
  removed:
    "Your second factors were removed — some with the device marked as lost, the rest by an administrator — so signing in asked for your password only. Set up a new second factor now to protect your account.",
  "skip-allowed":
    "Your second factors were removed, and your administrator lets you sign in without one, so signing in asks for your password only. A second factor still means a stolen password is not enough: set one up now.",
};

/**
 * The line that leads a user to set up a second factor: after a temporary access code, or when a
 * reset left them with none. On /security it points at the forms below; elsewhere it links there.
 */
export function SecondFactorSetupNotice({
  reason,
  done = false,
  href,
  stillHave,
}: {
  reason: SecondFactorSetupReason;
  done?: boolean;
  href?: string;
  /** After a temporary access code: the second steps sign-in still offers ("a passkey or security key"), if any. */
  stillHave?: { words: string; several: boolean };
}) {
  if (done)
    return (
      <p role="status" className="rounded-xl border border-success-line bg-success-soft px-4 py-3 text-sm text-success-strong">
        Your new second factor is set up: sign in with it next time.
      </p>
    );
  // The code stood in for factors she could not use there, not necessarily for all of them: she is not told to replace what she has.
  if (reason === "temporary-code" && stillHave)
    return (
      <div role="status" className="rounded-xl border border-info-line bg-info-soft px-4 py-3 text-sm text-info">
        <p className="font-semibold">Signed in with a temporary access code</p>
        <p className="mt-1">
          {`It worked this once and no longer does. Next time, your sign-in asks for ${stillHave.words}. If you can no longer use ${stillHave.several ? "any of these" : "it"}, set up another second factor below, and remove what you lost.`}
        </p>
      </div>
    );
  return (
    <div role="status" className="rounded-xl border border-warning-line bg-warning-soft px-4 py-3 text-sm text-warning-strong">
      <p className="font-semibold">Set up a second factor</p>
      <p className="mt-1">{WHY[reason]}</p>
      {href && (
        <p className="mt-2">
          <a href={href} className="font-medium underline underline-offset-2">
            Set up an authenticator app or a passkey
          </a>
        </p>
      )}
    </div>
  );
}
