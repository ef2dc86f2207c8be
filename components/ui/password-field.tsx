"use client";

import { useId } from "react";

/**
 * The step-up password field inside a confirmation dialog: why it is asked (announced), the field,
 * and Enter to submit. Used by the step-up prompt and by confirmed admin actions.
 */
export function StepUpPasswordField({
  message,
  hint,
  value,
  onChange,
  onSubmit,
}: {
  message: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  onSubmit: () => void;
}) {
  const id = useId();
  return (
    <div className="mt-3 space-y-1">
      <p role="alert" className="text-sm font-medium text-fg">
        {message}
      </p>
      {hint && <p className="text-sm text-fg-muted">{hint}</p>}
      <label htmlFor={id} className="block pt-2 text-sm font-medium">
        Your password
      </label>
      <input
        id={id}
        type="password"
        autoComplete="current-password"
        autoFocus
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            onSubmit();
          }
        }}
        className="block w-full rounded-md border border-line-strong px-3 py-2 text-base sm:text-sm"
      />
    </div>
  );
}

/**
 * The step-up password inside a form that creates something (a token, a webhook endpoint): shown
 * once the server asked for it, submitted with the form as `password`.
 */
export function FormPasswordField() {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        Your password
      </label>
      <input
        id={id}
        name="password"
        type="password"
        autoComplete="current-password"
        autoFocus
        className="mt-1 block w-full rounded-md border border-line-strong px-3 py-2 text-base sm:max-w-sm sm:text-sm"
      />
    </div>
  );
}
