"use client";

import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { confirmCopy, type PendingConfirm } from "@/components/devices/confirm-copy";

type Props = { pending: PendingConfirm; isPending: boolean; onConfirm: () => void; onClose: () => void };

/** The dialog a device operation asks first, in the words of confirmCopy. Loaded when the page is idle (see device-dialogs.ts). */
export default function PendingConfirmDialog({ pending, isPending, onConfirm, onClose }: Props) {
  const copy = confirmCopy(pending);
  return (
    <ConfirmDialog
      open
      title={copy.title}
      confirmLabel={copy.confirmLabel}
      pendingLabel={copy.pendingLabel}
      pending={isPending}
      onConfirm={onConfirm}
      onClose={onClose}
    >
      {copy.body}
    </ConfirmDialog>
  );
}
