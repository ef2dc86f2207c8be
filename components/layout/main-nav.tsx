"use client";

import { useEffect, useId, useRef, useState } from "react";
import { usePathname } from "next/navigation";
import { NavLink } from "@/components/layout/nav-link";

const SECTIONS = [
  { href: "/devices", label: "Devices" },
  { href: "/security", label: "Security" },
  { href: "/apps", label: "Apps" },
  { href: "/activity", label: "Activity" },
  { href: "/settings/tokens", label: "API tokens" },
];

/**
 * The main navigation. From 640 px its links sit in the header's row; on a phone they fold behind
 * a "Menu" button (the disclosure pattern: a button with aria-expanded, then ordinary links), so the
 * header keeps one row. Escape closes it and gives focus back to the button; a click outside or
 * another page closes it too.
 */
export function MainNav({ isAdmin }: { isAdmin: boolean }) {
  const pathname = usePathname();
  // Open only on the page where it was opened: navigating closes it without an effect.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const listId = useId();
  const root = useRef<HTMLElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        setOpenOn(null);
        button.current?.focus();
      }
    };
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpenOn(null);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [open]);

  const sections = isAdmin ? [...SECTIONS, { href: "/admin", label: "Admin" }] : SECTIONS;
  return (
    <nav ref={root} aria-label="Main" className="text-sm sm:flex-1">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpenOn(open ? null : pathname)}
        className="inline-flex min-h-11 items-center gap-2 rounded-md border border-line-strong px-3 font-medium text-fg hover:bg-canvas sm:hidden"
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" className="size-5" fill="currentColor">
          <path d="M3 5.75A.75.75 0 0 1 3.75 5h12.5a.75.75 0 0 1 0 1.5H3.75A.75.75 0 0 1 3 5.75Zm0 4.25a.75.75 0 0 1 .75-.75h12.5a.75.75 0 0 1 0 1.5H3.75A.75.75 0 0 1 3 10Zm.75 3.5a.75.75 0 0 0 0 1.5h12.5a.75.75 0 0 0 0-1.5H3.75Z" />
        </svg>
        Menu
      </button>
      <ul
        id={listId}
        className={`${open ? "absolute inset-x-0 top-full z-20 flex flex-col border-b border-line bg-surface px-4 py-2 shadow-lg" : "hidden"} gap-1 sm:static sm:flex sm:flex-row sm:flex-wrap sm:border-0 sm:bg-transparent sm:p-0 sm:shadow-none`}
      >
        {sections.map((s) => (
          <li key={s.href} className="flex flex-col sm:block">
            <NavLink href={s.href}>{s.label}</NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
