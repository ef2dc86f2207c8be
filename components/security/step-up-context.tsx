"use client";

import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { useClock } from "@/lib/use-clock";
import { STEP_UP_ASK_EARLY_MS, STEP_UP_WINDOW_MS } from "@/lib/step-up";

type StepUpState = {
  /** True when the next sensitive action will need the password: forms and dialogs ask for it at once. */
  passwordNeeded: boolean;
  /** A sensitive action just succeeded with the password: the session is verified for 10 minutes. */
  verified: () => void;
};

// Outside a signed-in layout nothing is known: dialogs ask only once the server says so.
const StepUpContext = createContext<StepUpState>({ passwordNeeded: false, verified: () => {} });

/**
 * Knows when the session's last password check (server/auth/step-up.ts) runs out, so a dialog for
 * a sensitive action shows the password field from the first click instead of after a refusal.
 * The server still decides: a refusal shows the field too.
 */
export function StepUpProvider({
  verifiedAt,
  neededAtRender,
  children,
}: {
  verifiedAt: number;
  neededAtRender: boolean;
  children: ReactNode;
}) {
  const [verifiedUntil, setVerifiedUntil] = useState(verifiedAt + STEP_UP_WINDOW_MS);
  // A refreshed layout brings the server's newer check (e.g. a password typed in another tab).
  const [seen, setSeen] = useState(verifiedAt);
  if (verifiedAt !== seen) {
    setSeen(verifiedAt);
    setVerifiedUntil((until) => Math.max(until, verifiedAt + STEP_UP_WINDOW_MS));
  }
  const now = useClock(5_000);
  // The server's answer for the first render (so hydration matches), then this browser's clock.
  const passwordNeeded = now === null ? neededAtRender : now >= verifiedUntil - STEP_UP_ASK_EARLY_MS;
  const verified = useCallback(() => setVerifiedUntil(Date.now() + STEP_UP_WINDOW_MS), []);
  const value = useMemo(() => ({ passwordNeeded, verified }), [passwordNeeded, verified]);
  return <StepUpContext.Provider value={value}>{children}</StepUpContext.Provider>;
}

export const useStepUpState = () => useContext(StepUpContext);

/**
 * Step-up in a form that creates something (a token, a webhook endpoint): whether to show the
 * password field (from the start when the check is old, or once the server asked), its error, and
 * what to do with the server's answer.
 */
export function useFormStepUp(mayNeedPassword = true) {
  const { passwordNeeded, verified } = useStepUpState();
  const [refused, setRefused] = useState<{ error: string | null } | null>(null);
  const askPassword = mayNeedPassword && (passwordNeeded || refused !== null);
  return {
    askPassword,
    passwordError: refused?.error ?? null,
    /** The server wants the password: its refusal is the field's error if one was sent, and the field takes focus. */
    refusedWith(error: string, form: HTMLFormElement) {
      setRefused({ error: askPassword ? error : null });
      requestAnimationFrame(() => (form.elements.namedItem("password") as HTMLInputElement | null)?.focus());
    },
    succeeded() {
      if (askPassword) verified();
      setRefused(null);
    },
  };
}
