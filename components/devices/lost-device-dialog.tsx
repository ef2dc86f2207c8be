"use client";

import { useState } from "react";
import type { DeviceSummary } from "@/lib/devices";
import type { SecurityOverview } from "@/lib/security";
import { hardNavigate } from "@/lib/hard-navigate";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { StepUpPasswordField, useStepUpPassword } from "@/components/ui/password-field";
import { useToast } from "@/components/ui/toast";
import { useStepUpState } from "@/components/security/step-up-context";
import { LostDeviceDetails } from "@/components/devices/lost-device-details";
import { lostDeviceMessage } from "@/lib/lost-device";
import type { LostDeviceResult } from "@/components/devices/types";

type Props = {
  device: DeviceSummary;
  security: SecurityOverview;
  /** The action, with the step-up password when one was asked for. */
  run: (password?: string) => Promise<LostDeviceResult>;
  onClose: () => void;
  /** Marked: the result, and what to tell the user ("Carol's iPhone marked as lost — …"). */
  onDone: (result: Extract<LostDeviceResult, { ok: true }>, message: string) => void;
};

/**
 * "I lost this device": the confirmation lists what goes, what stays and what the next sign-in
 * asks; it removes second factors, so it asks for the password in the same dialog when the
 * session's last check is over 10 minutes old (or once the server says so).
 */
export function LostDeviceDialog({ device, security, run, onClose, onDone }: Props) {
  const toast = useToast();
  const stepUp = useStepUpState();
  const [pending, setPending] = useState(false);
  const stepUpPassword = useStepUpPassword(stepUp.passwordNeeded);

  async function confirm() {
    setPending(true);
    let result: LostDeviceResult;
    try {
      result = await run(stepUpPassword.password);
    } catch {
      result = { ok: false, error: "Something went wrong. Nothing was changed; try again." };
    }
    setPending(false);
    if (!result.ok && result.signedOut) return hardNavigate("/sign-in");
    if (!result.ok && result.stepUpRequired) return stepUpPassword.refused(result.error);
    if (!result.ok) {
      toast("error", result.error);
      return onClose();
    }
    if (stepUpPassword.asked) stepUp.verified();
    onDone(result, lostDeviceMessage(result));
  }

  return (
    <ConfirmDialog
      open
      title={`Mark ${device.name} as lost?`}
      confirmLabel="Mark as lost"
      pendingLabel="Marking as lost…"
      pending={pending}
      onConfirm={() => void confirm()}
      onClose={onClose}
    >
      <p>Use this when a device of yours is lost or stolen: it is signed out and can no longer be used as a second factor.</p>
      <LostDeviceDetails device={device} security={security} />
      {stepUpPassword.asked && <StepUpPasswordField {...stepUpPassword.fieldProps} onSubmit={() => void confirm()} />}
    </ConfirmDialog>
  );
}
