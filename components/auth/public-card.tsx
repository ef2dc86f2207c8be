import type { ReactNode } from "react";

/** The centred card of the pages people reach without being signed in (sign-in, password reset, email links). */
export function PublicCard({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    // Top-aligned, not centred: a message appearing in the card grows it downwards and moves nothing above it.
    <main className="flex min-h-screen items-start justify-center p-4 pt-[12vh]">
      <div className="w-full max-w-md rounded-xl border border-line bg-surface p-6 shadow-sm sm:p-8">
        <h1 className="text-xl font-semibold">{title}</h1>
        {intro && <div className="mt-1 text-sm text-fg-muted">{intro}</div>}
        {children}
      </div>
    </main>
  );
}

export const publicField =
  "block w-full rounded-md border border-line-strong px-3 py-2 text-base shadow-sm focus:border-indigo-500 sm:text-sm";

/** The account's email address, first field of the sign-in and reset forms. */
export function EmailField({ defaultValue, autoFocus = true }: { defaultValue?: string; autoFocus?: boolean } = {}) {
  return (
    <div className="space-y-1">
      <label htmlFor="email" className="block text-sm font-medium">
        Email
      </label>
      <input
        id="email"
        name="email"
        type="email"
        autoComplete="username"
        required
        autoFocus={autoFocus}
        defaultValue={defaultValue}
        className={publicField}
      />
    </div>
  );
}
