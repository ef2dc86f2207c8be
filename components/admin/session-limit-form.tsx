"use client";

import { useId, useState } from "react";
import { ConfirmActionButton } from "@/components/ui/confirm-action-button";
import type { ActionResult } from "@/lib/action-result";

type Props = {
  userId: string;
  userName: string;
  current: number | null;
  action: (input: Record<string, string | undefined>) => Promise<ActionResult<{ message: string }>>;
};

/** How many sessions a user may have at once: a number (1–100), or empty for no limit. */
export function SessionLimitForm({ userId, userName, current, action }: Props) {
  const id = useId();
  const [value, setValue] = useState(current === null ? "" : String(current));
  const limit = value.trim();
  const n = Number(limit);
  return (
    <div className="mt-3 flex flex-wrap items-end gap-3">
      <div>
        <label htmlFor={id} className="block text-sm font-medium">
          Sessions at once
        </label>
        <input
          id={id}
          type="number"
          inputMode="numeric"
          min={1}
          max={100}
          placeholder="No limit"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-describedby={`${id}-hint`}
          className="mt-1 w-32 rounded-md border border-line-strong px-3 py-2 text-sm"
        />
      </div>
      <ConfirmActionButton
        label="Save limit"
        title={limit ? `Limit ${userName} to ${limit} ${n === 1 ? "session" : "sessions"}?` : `Remove ${userName}'s session limit?`}
        body={
          limit ? (
            <p>
              If they have more live sessions than that, the oldest end now; from then on, each new sign-in ends their oldest session beyond
              the limit. They see why on their devices page and in their activity.
            </p>
          ) : (
            <p>They may then be signed in on any number of devices at once.</p>
          )
        }
        confirmLabel="Save limit"
        pendingLabel="Saving…"
        action={action}
        input={{ userId, maxSessions: limit }}
      />
      <p id={`${id}-hint`} className="w-full text-sm text-fg-muted">
        {current === null ? "No limit now." : `Now: ${current} at once.`} Leave empty for no limit.
      </p>
    </div>
  );
}
