import type { ReactNode } from "react";

/** A form's error message, announced at once to screen readers. */
export function FormAlert({ children }: { children: ReactNode }) {
  return (
    <div role="alert" className="rounded-md border border-danger-line bg-danger-soft px-3 py-2 text-sm text-danger-strong">
      {children}
    </div>
  );
}
