"use client";

import { useState, type ReactNode } from "react";
import type { ActionResult } from "@/lib/action-result";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { StepUpPasswordField } from "@/components/ui/password-field";

type Prompt = { message: string; resolve: (password: string | null) => void };

/**
 * For actions that need a recent password (second factors, recovery codes): `run(call)` calls the
 * action; when it answers `stepUpRequired`, a dialog asks for the password and the action is called
 * again with it (again after a wrong one). Resolves with the final answer, or null if cancelled.
 */
export function useStepUp(): {
  run: <R extends ActionResult>(call: (password?: string) => Promise<R>) => Promise<R | null>;
  dialog: ReactNode;
} {
  const [prompt, setPrompt] = useState<Prompt | null>(null);

  async function run<R extends ActionResult>(call: (password?: string) => Promise<R>): Promise<R | null> {
    let result = await call();
    while (!result.ok && result.stepUpRequired) {
      const message = result.error;
      const password = await new Promise<string | null>((resolve) => setPrompt({ message, resolve }));
      setPrompt(null);
      if (password === null) return null;
      result = await call(password);
    }
    return result;
  }

  return { run, dialog: prompt && <PasswordPrompt key={prompt.message} prompt={prompt} /> };
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
        message={prompt.message}
        hint="Changes to how you sign in need your password from the last 10 minutes."
        value={password}
        onChange={setPassword}
        onSubmit={submit}
      />
    </ConfirmDialog>
  );
}
