"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ActionResult } from "@/lib/action-result";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useToast } from "@/components/ui/toast";
import { useStepUp } from "@/components/security/step-up";

type Props = { remaining: number; total: number; regenerate: (input: { password?: string }) => Promise<ActionResult<{ codes: string[] }>> };

/** Recovery codes: how many are left; new ones replace all old ones and are shown exactly once. */
export function RecoveryCodes({ remaining, total, regenerate }: Props) {
  const router = useRouter();
  const toast = useToast();
  const [codes, setCodes] = useState<string[] | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const stepUp = useStepUp();

  async function run() {
    setPending(true);
    const result = await stepUp.run((password) => regenerate({ password }));
    setPending(false);
    setConfirming(false);
    if (!result) return; // the password prompt was cancelled
    if (!result.ok) return toast("error", result.error);
    setCodes(result.codes);
    router.refresh();
  }

  return (
    <section id="recovery-codes" aria-labelledby="recovery-heading" className="scroll-mt-20">
      {stepUp.dialog}
      <h2 id="recovery-heading" className="text-lg font-semibold">
        Recovery codes
      </h2>
      <p className="mt-1 text-sm text-fg-muted">
        {total === 0
          ? "You have no recovery codes. Create them and keep them somewhere safe: each signs you in once if you lose your second factor."
          : remaining === 0
            ? `All ${total} used. Create new ones: each signs you in once if you lose your second factor.`
            : `${remaining} of ${total} unused. Each code signs you in once if you lose your second factor.`}
      </p>
      {codes && (
        <div className="mt-3 rounded-xl border border-warning-line bg-warning-soft p-4">
          <p className="text-sm font-medium text-warning-strong">Save these now: they will not be shown again.</p>
          <ol aria-label="Your new recovery codes" className="mt-3 grid grid-cols-2 gap-2 font-mono text-sm sm:grid-cols-5">
            {codes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ol>
          <div className="mt-3 flex gap-2">
            <Button
              type="button"
              variant="secondary"
              onClick={() => void navigator.clipboard?.writeText(codes.join("\n")).then(() => toast("success", "Recovery codes copied."))}
            >
              Copy
            </Button>
            <Button type="button" variant="secondary" onClick={() => setCodes(null)}>
              I have saved them
            </Button>
          </div>
        </div>
      )}
      <div className="mt-3">
        <Button type="button" variant="secondary" onClick={() => (total ? setConfirming(true) : void run())} disabled={pending}>
          {total ? "Regenerate recovery codes" : "Generate recovery codes"}
        </Button>
      </div>
      {confirming && (
        <ConfirmDialog
          open
          title="Regenerate recovery codes?"
          confirmLabel="Regenerate recovery codes"
          pendingLabel="Generating…"
          pending={pending}
          onConfirm={() => void run()}
          onClose={() => setConfirming(false)}
        >
          <p>All {total} of your current codes, used or not, stop working, and 10 new ones are shown once.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
