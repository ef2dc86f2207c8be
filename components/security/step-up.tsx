"use client";

import { useState, type ReactNode } from "react";
import type { ActionResult } from "@/lib/action-result";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { StepUpPasswordField } from "@/components/ui/password-field";
import { useStepUpState } from "@/components/security/step-up-context";

type Prompt = { error: string | null; resolve: (password: string | null) => void };

/**
 * For actions that need a recent password (second factors, recovery codes): `run(call)` asks for
 * the password first when the session's check is over 10 minutes old, then calls the action; when
 * it still answers `stepUpRequired` (a wrong password, or the server's clock), the dialog asks again
 * with the refusal as its error. Resolves with the final answer, or null if cancelled.
 */
export function useStepUp(): {
  run: <R extends ActionResult>(call: (password?: string) => Promise<R>) => Promise<R | null>;
  dialog: ReactNode;
} {
  const stepUp = useStepUpState();
  const [prompt, setPrompt] = useState<(Prompt & { key: number }) | null>(null);

  async function run<R extends ActionResult>(call: (password?: string) => Promise<R>): Promise<R | null> {
    const ask = async (error: string | null) => {
      const password = await new Promise<string | null>((resolve) => setPrompt({ error, resolve, key: Math.random() }));
      setPrompt(null);
      return password;
    };
    let password: string | undefined;
    if (stepUp.passwordNeeded) {
      const typed = await ask(null);
      if (typed === null) return null;
      password = typed;
    }
    let result = await call(password);
    while (!result.ok && result.stepUpRequired) {
      const typed = await ask(password === undefined ? null : result.error);
      if (typed === null) return null;
      password = typed;
      result = await call(password);
    }
    if (password !== undefined && result.ok) stepUp.verified();
    return result;
  }

  return { run, dialog: prompt && <PasswordPrompt key={prompt.key} prompt={prompt} /> };
}

function PasswordPrompt({ prompt }: { prompt: Prompt }) {
  const [password, setPassword] = useState("");
  const [pending, setPending] = useState(false);
  const submit = () => {
    setPending(true);
    prompt.resolve(password);
  };
  return (
    <ConfirmDialog
      open
      title="Confirm your password"
      confirmLabel="Continue"
      pendingLabel="Checking…"
      pending={pending}
      onConfirm={submit}
      onClose={() => prompt.resolve(null)}
    >
      <StepUpPasswordField
        error={prompt.error}
        hint="Changes to how you sign in need your password from the last 10 minutes."
        value={password}
        onChange={setPassword}
        onSubmit={submit}
      />
    </ConfirmDialog>
  );
}
