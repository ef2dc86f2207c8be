"use client";

import { useRouter } from "next/navigation";
import { focusHeadingOnArrival } from "@/lib/focus-heading";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { StepUpPasswordField, useStepUpPassword } from "@/components/ui/password-field";
import { useRefreshThenToast, useToast } from "@/components/ui/toast";
import { hardNavigate } from "@/lib/hard-navigate";
import { useStepUpState } from "@/components/security/step-up-context";

type Result =
  ({ ok: true; message: string } & Record<string, unknown>) | { ok: false; error: string; stepUpRequired?: true; signedOut?: boolean };

/** A server action as the button calls it: its input plus the step-up password when one was asked for. */
export type ConfirmAction = (input: Record<string, string | undefined>) => Promise<Result>;

type Props = {
  label: string;
  /** A longer accessible name when the visible label is ambiguous in a list ("Revoke Deploy key"). */
  ariaLabel?: string;
  /** The button's id, for a neighbour's focusAfterSuccess to find it. */
  id?: string;
  /** What the dialog says will happen, naming the user. */
  title: string;
  body: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  /** A server action, called with `input` plus the step-up password when one was asked for. */
  action: ConfirmAction;
  input: Record<string, string>;
  variant?: "danger" | "secondary";
  /**
   * Where focus goes after success when the action removes this button's own row (revoking a
   * token): the dialog gives focus back to the button first, and the refreshed list removes it.
   */
  focusAfterSuccess?: () => HTMLElement | null;
  /** Called with the action's answer after success (e.g. to show a secret it returned once). */
  onSuccess?: (result: { ok: true; message: string } & Record<string, unknown>) => void;
  /** Where to go after success instead of refreshing this page (deleting the thing the page is about). */
  successHref?: string;
  /** False for an action any live session may take (`access: "user"`): the password is never asked for. */
  stepUp?: boolean;
};

/**
 * A confirmed action (admin actions, revoking a token): a confirmation that names the target and
 * the consequence, with the password field in the same dialog from the first click when the
 * session's last check is older than 10 minutes (step-up), then a toast.
 */
export function ConfirmActionButton({
  label,
  ariaLabel,
  id,
  title,
  body,
  confirmLabel,
  pendingLabel,
  action,
  input,
  variant = "secondary",
  focusAfterSuccess,
  onSuccess,
  successHref,
  stepUp: asksPassword = true,
}: Props) {
  const router = useRouter();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const stepUp = useStepUpState();
  const stepUpPassword = useStepUpPassword(false);
  const refocus = useRef(false);
  const refreshThenToast = useRefreshThenToast();
  // Runs in the commit that closes the dialog, after the dialog's cleanup gave focus back to the
  // button: move it on before the refreshed list removes that button.
  useEffect(() => {
    if (open || !refocus.current) return;
    refocus.current = false;
    focusAfterSuccess?.()?.focus();
  }, [open, focusAfterSuccess]);

  async function confirm() {
    setPending(true);
    const result = await action({ ...input, password: stepUpPassword.password });
    setPending(false);
    if (!result.ok && result.signedOut) return hardNavigate("/sign-in");
    if (!result.ok && result.stepUpRequired) return stepUpPassword.refused(result.error);
    if (result.ok && stepUpPassword.asked) stepUp.verified();
    refocus.current = result.ok && !!focusAfterSuccess;
    setOpen(false);
    if (result.ok) onSuccess?.(result);
    else toast("error", result.error);
    if (result.ok && successHref) {
      toast("success", result.message);
      router.push(successHref);
      focusHeadingOnArrival(successHref);
    } else refreshThenToast(result.ok ? result.message : null); // the success said once the page shows it
  }

  const style = variant === "danger" ? "border-danger-line text-danger hover:bg-danger-soft" : "border-line-strong text-fg hover:bg-canvas";
  return (
    <>
      <button
        type="button"
        id={id}
        aria-label={ariaLabel}
        onClick={() => {
          stepUpPassword.reset(asksPassword && stepUp.passwordNeeded);
          setOpen(true);
        }}
        className={`inline-flex min-h-11 items-center rounded-md border px-3 text-sm font-medium ${style}`}
      >
        {label}
      </button>
      {open && (
        <ConfirmDialog
          open
          title={title}
          confirmLabel={confirmLabel}
          pendingLabel={pendingLabel}
          pending={pending}
          onConfirm={() => void confirm()}
          onClose={() => setOpen(false)}
        >
          {body}
          {stepUpPassword.asked && <StepUpPasswordField {...stepUpPassword.fieldProps} onSubmit={() => void confirm()} />}
        </ConfirmDialog>
      )}
    </>
  );
}
