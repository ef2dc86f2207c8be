"use client";

import { useEffect, useRef, type ReactNode } from "react";

const WIDE = "(min-width: 40rem)";

/**
 * A history's filters, folded on a phone behind "Filters" (and how many are on) so the history
 * itself is on the first screen; open, without the fold, from 640 px. A native <details>: the
 * summary is the button, Enter and Space toggle it, and a screen reader hears expanded or collapsed.
 * The page renders it closed; globals.css shows the content and hides the summary on a wide
 * screen before this script runs, which then opens it for real.
 */
export function FiltersDisclosure({ active, children }: { active: number; children: ReactNode }) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const wide = window.matchMedia(WIDE);
    const follow = () => {
      if (ref.current) ref.current.open = wide.matches;
    };
    follow();
    wide.addEventListener("change", follow);
    return () => wide.removeEventListener("change", follow);
  }, []);
  return (
    <details ref={ref} className="filters-disclosure group mt-6">
      <summary className="flex min-h-11 cursor-pointer list-none items-center justify-between gap-2 rounded-xl border border-line bg-surface px-4 text-sm font-medium [&::-webkit-details-marker]:hidden">
        <span>
          Filters
          {active > 0 && <span className="text-fg-muted"> · {active === 1 ? "1 active" : `${active} active`}</span>}
        </span>
        <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4 group-open:rotate-180" fill="currentColor">
          <path d="M5.3 7.3a1 1 0 0 1 1.4 0L10 10.6l3.3-3.3a1 1 0 1 1 1.4 1.4l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 0 1 0-1.4Z" />
        </svg>
      </summary>
      <div className="mt-2 sm:mt-0">{children}</div>
    </details>
  );
}
