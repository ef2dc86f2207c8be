"use client";

import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { FormPasswordField } from "@/components/ui/password-field";
import { OneTimeSecret } from "@/components/ui/one-time-secret";
import { hardNavigate } from "@/lib/hard-navigate";
import { useFormStepUp } from "@/components/security/step-up-context";
import { WEBHOOK_EVENTS } from "@/lib/webhooks";
import type { WebhookEndpointSummary } from "@/lib/validation/webhooks";

type CreateResult =
  | { ok: true; endpoint: WebhookEndpointSummary; secret: string }
  | { ok: false; error: string; stepUpRequired?: true; signedOut?: boolean; field?: string };

const VERIFY_EXAMPLE = `import { Webhook } from "standardwebhooks";
// body: the raw request body as a string; headers: webhook-id, webhook-timestamp, webhook-signature
const event = new Webhook("SECRET").verify(body, headers); // throws if not from Devicekeeper`;

/** Adds a webhook endpoint: URL, what it is for, the events it wants; then shows its signing secret once. */
export function WebhookCreateForm({
  create,
  privateAllowed,
}: {
  create: (input: Record<string, string | undefined>) => Promise<CreateResult>;
  /** Whether this server lets a webhook point at a private address (WEBHOOKS_ALLOW_PRIVATE), for the URL's hint. */
  privateAllowed: boolean;
}) {
  const router = useRouter();
  const ids = { url: useId(), description: useId(), events: useId(), urlHint: useId() };
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const stepUp = useFormStepUp();
  const { askPassword } = stepUp;
  const [pending, setPending] = useState(false);
  const [all, setAll] = useState(true);
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formElement = e.currentTarget;
    const form = new FormData(formElement);
    const events = all ? "*" : form.getAll("event").map(String).join(",");
    setPending(true);
    setError(null);
    const result = await create({
      url: String(form.get("url") ?? ""),
      description: String(form.get("description") ?? ""),
      events,
      password: askPassword ? String(form.get("password") ?? "") : undefined,
    });
    setPending(false);
    if (!result.ok) {
      if (result.signedOut) return hardNavigate("/sign-in");
      if (result.stepUpRequired) return stepUp.refusedWith(result.error, formElement);
      setError({ message: result.error, field: result.field });
      document.getElementById(result.field === "events" ? ids.events : result.field === "url" ? ids.url : "")?.focus();
      return;
    }
    stepUp.succeeded();
    setCreated({ url: result.endpoint.url, secret: result.secret });
    router.refresh();
  }

  if (created)
    return (
      <OneTimeSecret
        heading="Copy the endpoint's signing secret now"
        explanation={`Events to ${created.url} are signed with it (Standard Webhooks). It will not be shown again; you can rotate it later.`}
        label="Signing secret"
        secret={created.secret}
        example={VERIFY_EXAMPLE.replace("SECRET", created.secret)}
        onDone={() => setCreated(null)}
      />
    );

  const invalid = (field: string) => error?.field === field || undefined;
  return (
    <section aria-labelledby="create-webhook" className="rounded-xl border border-line bg-surface p-4 sm:p-5">
      <h2 id="create-webhook" className="text-lg font-semibold">
        Add an endpoint
      </h2>
      <form method="post" onSubmit={(e) => void submit(e)} className="mt-3 space-y-4" aria-busy={pending} noValidate>
        {error && <FormAlert>{error.message}</FormAlert>}
        <div>
          <label htmlFor={ids.url} className="block text-sm font-medium">
            URL
          </label>
          <input
            id={ids.url}
            name="url"
            type="url"
            required
            placeholder="https://example.com/webhooks/devicekeeper"
            aria-invalid={invalid("url")}
            aria-describedby={ids.urlHint}
            className="mt-1 block w-full rounded-md border border-line-strong px-3 py-2 text-base sm:text-sm"
          />
          <p id={ids.urlHint} className="mt-1 text-sm text-fg-muted">
            Events are POSTed here as JSON.{" "}
            {privateAllowed
              ? "It may be any address this server can reach: private addresses are allowed here."
              : "It must be a public address (https:// in production)."}
          </p>
        </div>
        <div>
          <label htmlFor={ids.description} className="block text-sm font-medium">
            What it is for <span className="font-normal text-fg-subtle">(optional)</span>
          </label>
          <input
            id={ids.description}
            name="description"
            maxLength={200}
            aria-invalid={invalid("description")}
            className="mt-1 block w-full rounded-md border border-line-strong px-3 py-2 text-base sm:text-sm"
          />
        </div>
        <fieldset id={ids.events} tabIndex={-1} className="outline-none">
          <legend className="text-sm font-medium">Events</legend>
          <label className="mt-2 flex min-h-11 items-center gap-2 text-sm">
            <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} className="size-4" />
            All events, including ones added in later versions
          </label>
          {!all && (
            <ul className="mt-1 grid gap-x-4 sm:grid-cols-2">
              {Object.entries(WEBHOOK_EVENTS).map(([type, meaning]) => (
                <li key={type}>
                  <label className="flex min-h-11 items-start gap-2 py-1 text-sm">
                    <input type="checkbox" name="event" value={type} className="mt-0.5 size-4 shrink-0" />
                    <span>
                      <code className="font-medium">{type}</code>
                      <span className="block text-fg-muted">{meaning}</span>
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
        {askPassword && <FormPasswordField error={stepUp.passwordError} />}
        <Button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add endpoint"}
        </Button>
      </form>
    </section>
  );
}
