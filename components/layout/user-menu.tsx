"use client";

import { useEffect, useId, useRef, useState } from "react";
import { hardNavigate } from "@/lib/hard-navigate";
import { ThemeChoice } from "@/components/layout/theme-choice";

/** The header's account menu: who is signed in, the colour theme, and Sign out. Escape or a click outside closes it. */
export function UserMenu({ name, email, signOutAction }: { name: string; email: string; signOutAction: () => Promise<unknown> }) {
  const [open, setOpen] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const menuId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    const onClick = (e: MouseEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, [open]);

  const initials =
    name
      .split(/\s+/)
      .map((p) => p[0])
      .join("")
      .slice(0, 2)
      .toUpperCase() || "?";

  return (
    <div ref={rootRef} className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((o) => !o)}
        className="flex items-center gap-2 rounded-full border border-line py-1 pl-1 pr-3 text-sm hover:bg-canvas"
      >
        <span aria-hidden className="flex size-7 items-center justify-center rounded-full bg-indigo-600 text-xs font-semibold text-white">
          {initials}
        </span>
        <span className="hidden max-w-40 truncate sm:inline">{name}</span>
        <span className="sr-only sm:hidden">Account menu for {name}</span>
      </button>
      {open && (
        <div id={menuId} className="absolute right-0 z-20 mt-2 w-64 rounded-lg border border-line bg-surface p-2 shadow-lg">
          <div className="border-b border-line-soft px-2 pb-2">
            <p className="truncate text-sm font-medium">{name}</p>
            <p className="truncate text-xs text-fg-subtle">{email}</p>
          </div>
          <ThemeChoice />
          <form
            action={async () => {
              // Whatever it answers (a session that had already ended included), this browser is signed out.
              await signOutAction();
              hardNavigate("/sign-in");
            }}
            onSubmit={() => setSigningOut(true)}
            className="pt-2"
          >
            <button
              type="submit"
              autoFocus
              disabled={signingOut}
              className="w-full rounded-md px-2 py-2 text-left text-sm text-fg-soft hover:bg-muted"
            >
              {signingOut ? "Signing out…" : "Sign out"}
            </button>
          </form>
        </div>
      )}
    </div>
  );
}
