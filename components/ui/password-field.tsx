"use client";

import { useId, type Ref } from "react";

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
  inputRef,
}: {
  /** For the dialog to give the field focus back after a refusal (its confirm button, disabled while it waited, lost it). */
  inputRef?: Ref<HTMLInputElement>;
  /** The server's refusal of the password last sent, if any. */
  error?: string | null;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  onSubmit: () => void;
}) {
  const id = useId();
  return (
    <div className="mt-3 space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-fg">
        Your password
      </label>
      <p id={`${id}-hint`} className="text-sm text-fg-muted">
        {hint}
      </p>
      <input
        ref={inputRef}
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
