"use client";

import { useRouter } from "next/navigation";
import { startTransition } from "react";
import { Button } from "@/components/ui/button";

/**
 * A part of a page that failed while it streamed in (a list behind a skeleton whose query failed
 * after the page had started): said in words, with a way to try again, instead of a blank page.
 * Failures before the page starts are answered by the front door (a 503 page while the database
 * is out; server/http/page-guards.ts).
 */
export default function ErrorBoundary({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const router = useRouter();
  return (
    <div role="alert" className="rounded-xl border border-danger-line bg-danger-soft p-4 text-sm text-danger-strong">
      <p className="font-medium">This could not be loaded.</p>
      <p className="mt-1">The server did not answer in time, or something went wrong. Nothing was changed.</p>
      <Button
        type="button"
        variant="secondary"
        className="mt-3 min-h-11"
        onClick={() =>
          startTransition(() => {
            router.refresh();
            reset();
          })
        }
      >
        Try again
      </Button>
    </div>
  );
}
