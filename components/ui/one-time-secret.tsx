"use client";

import { useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";

/**
 * A secret shown once (a new API token, a webhook signing secret): a panel that takes focus, the
 * value with a copy button, an optional example of its use, and "Done" to dismiss it.
 */
export function OneTimeSecret({
  heading,
  explanation,
  label,
  secret,
  example,
  onDone,
}: {
  heading: string;
  explanation: string;
  /** The field's accessible name ("Your new API key"). */
  label: string;
  secret: string;
  /** How to use it; "https://<this host>" is replaced by this site's origin. */
  example?: string;
  onDone: () => void;
}) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  const inputId = useId();
  const [copied, setCopied] = useState(false);
  useEffect(() => headingRef.current?.focus(), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      // No clipboard permission (or not a secure context): select it so Ctrl/Cmd+C works.
      (document.getElementById(inputId) as HTMLInputElement | null)?.select();
    }
  }

  return (
    <section aria-labelledby={headingId} className="rounded-xl border border-warning-line bg-warning-soft p-4 sm:p-5">
      <h2 id={headingId} ref={headingRef} tabIndex={-1} className="text-lg font-semibold text-warning-strong outline-none">
        {heading}
      </h2>
      <p className="mt-1 text-sm text-warning-strong">{explanation}</p>
      <div className="mt-3 flex flex-col gap-2 sm:flex-row">
        <label htmlFor={inputId} className="sr-only">
          {label}
        </label>
        <input
          id={inputId}
          readOnly
          value={secret}
          onFocus={(e) => e.currentTarget.select()}
          className="block w-full rounded-md border border-warning-line bg-surface px-3 py-2 font-mono text-sm"
        />
        <Button type="button" variant="secondary" onClick={() => void copy()}>
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <p role="status" className="sr-only">
        {copied ? `${label} is on your clipboard.` : ""}
      </p>
      {example && (
        <>
          <p className="mt-3 text-sm text-warning-strong">Use it like this:</p>
          <pre tabIndex={0} aria-label="Example" className="mt-1 overflow-x-auto rounded-md bg-surface p-3 text-xs text-fg">
            <code>{example.replace("https://<this host>", window.location.origin)}</code>
          </pre>
        </>
      )}
      <Button type="button" className="mt-4" onClick={onDone}>
        Done, I have saved it
      </Button>
    </section>
  );
}
