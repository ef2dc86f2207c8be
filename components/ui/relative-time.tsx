"use client";

import { useId } from "react";
import { useClock } from "@/lib/use-clock";
import { formatExact, formatRelative } from "@/lib/format";

const local = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const zone = new Intl.DateTimeFormat(undefined, { timeZoneName: "short" });

/** "21 Nov 2026, 21:47 CET": the exact time in the reader's own time zone. */
export function exactLocal(iso: string | number): string {
  const d = new Date(iso);
  const tz = zone.formatToParts(d).find((p) => p.type === "timeZoneName")?.value;
  return `${local.format(d)}${tz ? ` ${tz}` : ""}`;
}

/**
 * "5 minutes ago", kept up to date while the page is open, with the exact local time shown on
 * hover, on keyboard focus and on tap (it is focusable), and read out as its description. The
 * server renders the UTC time; the browser switches to its own time zone once it runs.
 */
export function RelativeTime({ iso, className = "", align = "left" }: { iso: string; className?: string; align?: "left" | "right" }) {
  const id = useId();
  const now = useClock(30_000); // one clock for every RelativeTime on the page
  const exact = now !== null ? exactLocal(iso) : formatExact(iso);
  return (
    // "3 minutes ago" is one unit: it never wraps, and a row beside a long line does not squeeze it.
    <span className="group relative inline-block shrink-0 whitespace-nowrap">
      <time
        dateTime={iso}
        tabIndex={0}
        aria-describedby={`${id}-exact`}
        suppressHydrationWarning
        className={`rounded-sm underline decoration-fg-subtle decoration-dotted underline-offset-2 focus-visible:outline-2 focus-visible:outline-focus ${className}`}
      >
        {formatRelative(iso, now !== null ? new Date(now) : undefined)}
      </time>
      <span
        id={`${id}-exact`}
        role="tooltip"
        suppressHydrationWarning
        className={`pointer-events-none absolute bottom-full z-30 mb-1 hidden whitespace-nowrap rounded bg-inverse px-2 py-1 text-xs font-normal text-on-inverse shadow group-focus-within:block group-hover:block ${align === "right" ? "right-0" : "left-0"}`}
      >
        {exact}
      </span>
    </span>
  );
}
