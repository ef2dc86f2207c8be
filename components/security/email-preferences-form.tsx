"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import type { ActionResult } from "@/lib/action-result";
import { EMAIL_PREFERENCES, type EmailPreferences } from "@/lib/email-preferences";

const NUMBER_WORDS = ["none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
/** The security-critical ones, listed first and on by default. */
const ON_BY_DEFAULT = NUMBER_WORDS[EMAIL_PREFERENCES.filter((p) => p.critical).length];

/** "Email me when…": one checkbox per kind of security email, saved together. */
export function EmailPreferencesForm({
  email,
  initial,
  save,
}: {
  email: string;
  initial: EmailPreferences;
  save: (input: EmailPreferences) => Promise<ActionResult<{ changed: number }>>;
}) {
  const toast = useToast();
  const [values, setValues] = useState(initial);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const dirty = EMAIL_PREFERENCES.some((p) => values[p.key] !== initial[p.key]);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setPending(true);
    setError(null);
    try {
      const result = await save(values);
      if (!result.ok) return setError(result.error);
      toast("success", result.changed ? "Email alerts saved." : "No change to save.");
    } catch {
      setError("Something went wrong. Try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <section id="email-alerts" aria-labelledby="email-alerts-title" className="scroll-mt-20">
      <h2 id="email-alerts-title" className="text-lg font-semibold">
        Email alerts
      </h2>
      <p className="mt-1 text-sm text-fg-muted">
        Sent to {email}. The first {ON_BY_DEFAULT} are on unless you turn them off.
      </p>
      <form method="post" onSubmit={submit} className="mt-3 space-y-3 rounded-xl border border-line bg-surface p-4 sm:p-5">
        <fieldset className="space-y-3">
          <legend className="text-sm font-medium">Email me when…</legend>
          {EMAIL_PREFERENCES.map((p) => (
            <label key={p.key} className="flex min-h-11 items-start gap-3 text-sm">
              <input
                type="checkbox"
                name={p.key}
                checked={values[p.key]}
                onChange={(e) => setValues({ ...values, [p.key]: e.target.checked })}
                className="mt-0.5 size-5 shrink-0"
              />
              <span>
                {p.label}
                {"hint" in p && <span className="block text-xs text-fg-muted">{p.hint}</span>}
              </span>
            </label>
          ))}
        </fieldset>
        {error && (
          <p role="alert" className="text-sm text-danger">
            {error}
          </p>
        )}
        <Button type="submit" disabled={pending || !dirty} aria-busy={pending}>
          {pending ? "Saving…" : "Save email alerts"}
        </Button>
      </form>
    </section>
  );
}
