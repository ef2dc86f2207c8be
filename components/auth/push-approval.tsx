"use client";

import { useEffect, useEffectEvent, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";

type Sent = { messageId: string; sentTo: string[]; expiresAt: string };
type State =
  | { step: "idle" }
  | { step: "sending" }
  | { step: "waiting"; sent: Sent }
  | { step: "done" }
  | { step: "failed"; message: string; canResend: boolean };

const POLL_MS = 2_000;

/**
 * The second sign-in step on a phone: sends a sign-in request to the account's push
 * authenticators, says where it went, waits for the answer (polling every 2 s), and hands the
 * approved message id to `onApproved`, which completes the sign-in. A denial, no answer in
 * 2 minutes, or a lost sign-in is said plainly, with a way on.
 */
export function PushApproval({
  autoStart,
  onApproved,
  onRestart,
}: {
  /** Send at once (push is the account's main second factor), rather than on a click. */
  autoStart: boolean;
  onApproved: (messageId: string) => Promise<void>;
  onRestart: (message: string) => void;
}) {
  const [state, setState] = useState<State>({ step: "idle" });
  // Once per mount, also under StrictMode's second run of effects in development.
  const started = useRef(false);

  async function send() {
    setState({ step: "sending" });
    const res = await fetch("/api/sign-in/push", { method: "POST" }).catch(() => null);
    const body = (await res?.json().catch(() => null)) as (Sent & { error?: string; message?: string }) | null;
    if (res?.ok && body) return setState({ step: "waiting", sent: body });
    if (body?.error === "no_challenge") return onRestart("Your sign-in timed out. Enter your password again.");
    setState({
      step: "failed",
      message: body?.message ?? "Could not reach the server. Check your connection and try again.",
      canResend: body?.error !== "refused",
    });
  }

  // Effect events: they see the latest props without restarting the effects that call them.
  const sendAtOnce = useEffectEvent(() => void send());
  const approve = useEffectEvent((messageId: string) => onApproved(messageId));

  useEffect(() => {
    if (!autoStart || started.current) return;
    started.current = true;
    sendAtOnce();
  }, [autoStart]);

  // While waiting: ask every 2 s what became of the push.
  const waitingFor = state.step === "waiting" ? state.sent.messageId : null;
  useEffect(() => {
    if (!waitingFor) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      const res = await fetch(`/api/sign-in/push?messageId=${waitingFor}`, { cache: "no-store" }).catch(() => null);
      const status = ((await res?.json().catch(() => null)) as { status?: string } | null)?.status;
      if (stopped) return;
      if (status === "approved") {
        setState({ step: "done" });
        await approve(waitingFor);
        return;
      }
      if (status === "denied")
        return setState({
          step: "failed",
          message: "The sign-in was denied on your phone. If that was not you trying to sign in, change your password.",
          canResend: true,
        });
      if (status === "expired")
        return setState({
          step: "failed",
          message: "No answer from your phone in time. Send another request, or use another way.",
          canResend: true,
        });
      timer = setTimeout(() => void poll(), POLL_MS);
    };
    timer = setTimeout(() => void poll(), POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [waitingFor]);

  if (state.step === "idle")
    return (
      <Button type="button" variant="secondary" className="w-full" onClick={() => void send()}>
        Approve on your phone instead
      </Button>
    );
  return (
    <div className="space-y-3 rounded-md border border-line bg-canvas p-3">
      <p role="status" className="text-sm text-fg">
        {state.step === "sending" && "Sending a sign-in request to your phone…"}
        {state.step === "waiting" && (
          <>
            We sent a sign-in request to <strong>{state.sent.sentTo.join(", ")}</strong>. Open it and approve to continue — waiting…
          </>
        )}
        {state.step === "done" && "Approved. Signing you in…"}
      </p>
      {state.step === "failed" && <FormAlert>{state.message}</FormAlert>}
      {(state.step === "waiting" || (state.step === "failed" && state.canResend)) && (
        <Button type="button" variant="secondary" className="w-full" onClick={() => void send()}>
          Send another request
        </Button>
      )}
    </div>
  );
}
