"use client";

import { useId, useState, type KeyboardEvent } from "react";
import { DEVICE_NAME_MISSING, checkPrintableName } from "@/lib/printable-name";
import { Button } from "@/components/ui/button";

type Props = { initial: string; onSave: (name: string) => Promise<{ ok: boolean; error?: string }>; onDone: () => void };

/** Inline rename: Enter saves, Escape cancels; a bad name gets a message under the field and saves nothing. */
export function DeviceNameEditor({ initial, onSave, onDone }: Props) {
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const inputId = useId();
  const errorId = useId();

  async function save() {
    // The server's rule (lib/validation/devices.ts uses the same functions), checked before sending.
    const checked = checkPrintableName(value, DEVICE_NAME_MISSING);
    if (!checked.ok) return setError(checked.error);
    if (checked.name === initial) return onDone();
    setSaving(true);
    const result = await onSave(checked.name);
    setSaving(false);
    if (result.ok) onDone();
    else setError(result.error ?? "Could not rename the device");
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "Enter") {
      e.preventDefault();
      void save();
    } else if (e.key === "Escape") {
      e.preventDefault();
      onDone();
    }
  }

  return (
    <div className="w-full">
      <label htmlFor={inputId} className="sr-only">
        Device name
      </label>
      <div className="flex flex-wrap items-center gap-2">
        <input
          id={inputId}
          value={value}
          autoFocus
          maxLength={200}
          onChange={(e) => {
            setValue(e.target.value);
            setError(null);
          }}
          onKeyDown={onKeyDown}
          aria-invalid={!!error}
          aria-describedby={error ? errorId : undefined}
          disabled={saving}
          className="min-w-0 flex-1 rounded-md border border-line-strong px-2 py-1 text-base font-medium aria-invalid:border-red-500 sm:text-sm"
        />
        <Button type="button" onClick={() => void save()} disabled={saving} className="px-3 py-1">
          {saving ? "Saving…" : "Save"}
        </Button>
        <Button type="button" variant="secondary" onClick={onDone} disabled={saving} className="px-3 py-1">
          Cancel
        </Button>
      </div>
      {error && (
        <p id={errorId} className="mt-1 text-sm text-danger">
          {error}
        </p>
      )}
    </div>
  );
}
