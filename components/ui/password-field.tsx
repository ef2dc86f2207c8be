"use client";

import { useEffect, useId, useRef, useState } from "react";

/** Why the password is asked, before anything went wrong. */
export const STEP_UP_HINT = "For your security, confirm your password: it was last checked over 10 minutes ago.";

/**
 * The step-up password field inside a confirmation dialog: why it is asked, the field, and Enter
 * to submit. A wrong password (or a lockout) is an error: red, announced, and tied to the field.
 * Used by the step-up prompt and by confirmed actions.
 */
export function StepUpPasswordField({
  error,
  hint = STEP_UP_HINT,
  value,
  onChange,
  onSubmit,
  refusals = 0,
}: {
  /**
   * How many times the server refused or asked: each time, focus comes back to the field (the
   * dialog's confirm button, disabled while it waited, had lost it to the page's body).
   */
  refusals?: number;
  /** The server's refusal of the password last sent, if any. */
  error?: string | null;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  onSubmit: () => void;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (refusals) input.current?.focus();
  }, [refusals]);
  return (
    <div className="mt-3 space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-fg">
        Your password
      </label>
      <p id={`${id}-hint`} className="text-sm text-fg-muted">
        {hint}
      </p>
      <input
        ref={input}
        id={id}
        type="password"
        autoComplete="current-password"
        autoFocus
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error ${id}-hint` : `${id}-hint`}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            onSubmit();
          }
        }}
        className="block w-full rounded-md border border-line-strong px-3 py-2 text-base aria-invalid:border-red-600 sm:text-sm"
      />
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}

/**
 * The step-up password of a confirmation dialog (a confirmed action, "I lost this device"): asked
 * from the first click when the session's check is over 10 minutes old, or once the server asks;
 * a refusal of the password sent is the field's error, and focus goes back to the field.
 */
export function useStepUpPassword(askedFirst: boolean) {
  const [asked, setAsked] = useState(askedFirst);
  const [error, setError] = useState<string | null>(null);
  const [password, setPassword] = useState("");
  const [refusals, setRefusals] = useState(0);
  return {
    asked,
    /** What to send with the action: the password typed, once it was asked for. */
    password: asked ? password : undefined,
    /** The dialog opens again: nothing typed, no error, asked from the start or not. */
    reset(askFirst: boolean) {
      setAsked(askFirst);
      setError(null);
      setPassword("");
      setRefusals(0);
    },
    /** The server asked for the password, or refused the one sent (`message`, shown only then). */
    refused(message: string) {
      setError(asked ? message : null);
      setAsked(true);
      setPassword("");
      setRefusals((n) => n + 1);
    },
    /** The field's props but onSubmit: `{asked && <StepUpPasswordField {...fieldProps} onSubmit={…} />}`. */
    fieldProps: { refusals, error, value: password, onChange: setPassword },
  };
}

/** A field's error under it: red with an icon, announced when it appears. */
function FieldError({ id, error }: { id: string; error?: string | null }) {
  return (
    <p id={id} role="alert" className="flex items-start gap-1.5 text-sm font-medium text-danger empty:hidden">
      {error && (
        <>
          <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="mt-0.5 size-4 shrink-0">
            <path
              fillRule="evenodd"
              d="M18 10a8 8 0 1 1-16 0 8 8 0 0 1 16 0Zm-8-5a.75.75 0 0 1 .75.75v4.5a.75.75 0 0 1-1.5 0v-4.5A.75.75 0 0 1 10 5Zm0 10a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z"
              clipRule="evenodd"
            />
          </svg>
          {error}
        </>
      )}
    </p>
  );
}

/**
 * The step-up password inside a form that creates something (a token, a webhook endpoint): shown
 * from the start when the session's check is over 10 minutes old (or once the server asked),
 * submitted with the form as `password`.
 */
export function FormPasswordField({ error }: { error?: string | null }) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        Your password
      </label>
      <p id={`${id}-hint`} className="mt-0.5 text-xs text-fg-subtle">
        {STEP_UP_HINT}
      </p>
      <input
        id={id}
        name="password"
        type="password"
        autoComplete="current-password"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error ${id}-hint` : `${id}-hint`}
        className="mt-1 block w-full rounded-md border border-line-strong px-3 py-2 text-base aria-invalid:border-red-600 sm:max-w-sm sm:text-sm"
      />
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}
