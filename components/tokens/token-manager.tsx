"use client";

import { RelativeTime } from "@/components/ui/relative-time";
import { useRouter } from "next/navigation";
import { useId, useRef, useState, type FormEvent } from "react";
import { ConfirmActionButton } from "@/components/ui/confirm-action-button";
import { Button } from "@/components/ui/button";
import { OneTimeSecret } from "@/components/ui/one-time-secret";
import { FormAlert } from "@/components/ui/form-alert";
import { FormPasswordField } from "@/components/ui/password-field";
import { hardNavigate } from "@/lib/hard-navigate";
import { useFormStepUp } from "@/components/security/step-up-context";
import { formatDay, formatExact } from "@/lib/format";
import { API_TOKEN_LIFETIMES } from "@/lib/api-tokens";
import type { ApiTokenSummary } from "@/lib/validation/api-tokens";

type Input = Record<string, string | undefined>;
type CreateResult =
  | { ok: true; token: string; summary: ApiTokenSummary }
  | { ok: false; error: string; stepUpRequired?: true; signedOut?: boolean; field?: string };
type RevokeResult = { ok: true; message: string } | { ok: false; error: string; stepUpRequired?: true; signedOut?: boolean };

export type TokenManagerProps = {
  /** "token" or "API key": the words the page uses. */
  noun: string;
  tokens: ApiTokenSummary[];
  create: (input: Input) => Promise<CreateResult>;
  revoke: (input: Input) => Promise<RevokeResult>;
  /** A curl line showing how the new token is used; `TOKEN` is replaced by it. */
  usage: string;
  /** What revoking breaks, said in the confirmation. */
  revokeConsequence: string;
  /** Creating one needs the password when it was last checked over 10 minutes ago (step-up). */
  mayNeedPassword?: boolean;
  defaultLifetime?: number;
};

const LIFETIME_LABELS: Record<number, string> = { 30: "30 days", 90: "90 days", 365: "1 year", 0: "No expiry" };

/**
 * Create, list and revoke API credentials (personal access tokens, server keys). A new token is
 * shown once, in a panel that takes focus, with a copy button; lists show only a prefix.
 */
export function TokenManager({
  noun,
  tokens,
  create,
  revoke,
  usage,
  revokeConsequence,
  mayNeedPassword = false,
  defaultLifetime = 90,
}: TokenManagerProps) {
  const router = useRouter();
  const [created, setCreated] = useState<{ token: string; name: string } | null>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);
  return (
    <div className="space-y-8">
      {created ? (
        <OneTimeSecret
          heading={`Copy your new ${noun} “${created.name}” now`}
          explanation="It will not be shown again: Devicekeeper keeps only a fingerprint of it."
          label={`Your new ${noun}`}
          secret={created.token}
          example={usage.replace("TOKEN", created.token)}
          onDone={() => {
            setCreated(null);
            requestAnimationFrame(() => listHeading.current?.focus()); // the panel (and its button) are gone
          }}
        />
      ) : (
        <CreateTokenForm
          noun={noun}
          create={create}
          mayNeedPassword={mayNeedPassword}
          defaultLifetime={defaultLifetime}
          onCreated={(token, name) => {
            setCreated({ token, name });
            router.refresh();
          }}
        />
      )}
      <section aria-labelledby="tokens-heading">
        <h2 id="tokens-heading" ref={listHeading} tabIndex={-1} className="text-lg font-semibold outline-none">
          Active {noun}s <span className="font-normal text-fg-subtle">({tokens.length})</span>
        </h2>
        {tokens.length === 0 ? (
          <p className="mt-2 text-sm text-fg-muted">No {noun}s yet.</p>
        ) : (
          <ul className="mt-3 divide-y divide-line rounded-xl border border-line bg-surface">
            {tokens.map((t) => (
              <li key={t.id} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between">
                <div className="min-w-0">
                  <p className="font-medium text-fg">
                    {t.name} <code className="ml-1 rounded bg-muted px-1.5 py-0.5 text-xs text-fg-soft">{t.prefix}…</code>
                    {t.expired && (
                      <span className="ml-2 rounded-full bg-danger-muted px-2 py-0.5 text-xs font-medium text-danger-strong">Expired</span>
                    )}
                  </p>
                  <p className="mt-1 text-sm text-fg-muted">
                    Created{" "}
                    <time dateTime={t.createdAt} title={formatExact(t.createdAt)}>
                      {formatDay(t.createdAt)}
                    </time>
                    {t.createdBy ? ` by ${t.createdBy}` : ""} ·{" "}
                    {t.lastUsedAt ? (
                      <>
                        Last used <RelativeTime iso={t.lastUsedAt} />
                      </>
                    ) : (
                      "Never used"
                    )}{" "}
                    ·{" "}
                    {t.expiresAt ? (
                      <>
                        {t.expired ? "Expired" : "Expires"}{" "}
                        <time dateTime={t.expiresAt} title={formatExact(t.expiresAt)}>
                          {formatDay(t.expiresAt)}
                        </time>
                      </>
                    ) : (
                      "No expiry"
                    )}
                  </p>
                </div>
                <ConfirmActionButton
                  label="Revoke"
                  ariaLabel={`Revoke ${t.name}`}
                  variant="danger"
                  title={`Revoke “${t.name}”?`}
                  body={
                    <p>
                      {revokeConsequence} This cannot be undone; create a new {noun} if you need one again.
                    </p>
                  }
                  confirmLabel={`Revoke ${noun}`}
                  pendingLabel="Revoking…"
                  action={revoke}
                  input={{ tokenId: t.id }}
                  focusAfterSuccess={() => listHeading.current}
                />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function CreateTokenForm({
  noun,
  create,
  mayNeedPassword,
  defaultLifetime,
  onCreated,
}: {
  noun: string;
  create: TokenManagerProps["create"];
  mayNeedPassword: boolean;
  defaultLifetime: number;
  onCreated: (token: string, name: string) => void;
}) {
  const ids = { name: useId(), lifetime: useId(), hint: useId(), error: useId() };
  const nameRef = useRef<HTMLInputElement>(null);
  const [nameInvalid, setNameInvalid] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The password field is there from the start when it will be needed: one click creates the token.
  const stepUp = useFormStepUp(mayNeedPassword);
  const { askPassword } = stepUp;
  const [pending, setPending] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formElement = e.currentTarget;
    const form = new FormData(formElement);
    const input = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]));
    setPending(true);
    setError(null);
    const result = await create(input);
    setPending(false);
    if (!result.ok) {
      if (result.signedOut) return hardNavigate("/sign-in");
      if (result.stepUpRequired) return stepUp.refusedWith(result.error, formElement);
      setError(result.error);
      // A problem with the name: mark the field and take the user there.
      const aboutName = "field" in result && result.field === "name";
      setNameInvalid(aboutName);
      if (aboutName) nameRef.current?.focus();
      return;
    }
    setNameInvalid(false);
    stepUp.succeeded();
    onCreated(result.token, result.summary.name);
  }

  return (
    <section aria-labelledby="create-heading" className="rounded-xl border border-line bg-surface p-4 sm:p-5">
      <h2 id="create-heading" className="text-lg font-semibold">
        Create {/^[aeiou]/i.test(noun) ? "an" : "a"} {noun}
      </h2>
      <form method="post" onSubmit={(e) => void submit(e)} className="mt-3 space-y-4" aria-busy={pending} noValidate>
        {error && (
          <div id={ids.error}>
            <FormAlert>{error}</FormAlert>
          </div>
        )}
        <div className="grid gap-4 sm:grid-cols-[1fr_auto]">
          <div>
            <label htmlFor={ids.name} className="block text-sm font-medium">
              Name
            </label>
            <input
              id={ids.name}
              ref={nameRef}
              name="name"
              required
              maxLength={64}
              autoComplete="off"
              aria-invalid={nameInvalid || undefined}
              aria-describedby={nameInvalid ? `${ids.error} ${ids.hint}` : ids.hint}
              className="mt-1 block w-full rounded-md border border-line-strong px-3 py-2 text-base sm:text-sm"
            />
            <p id={ids.hint} className="mt-1 text-xs text-fg-subtle">
              What it is for, so you can tell it apart later (“Deploy script”).
            </p>
          </div>
          <div>
            <label htmlFor={ids.lifetime} className="block text-sm font-medium">
              Expires after
            </label>
            <select
              id={ids.lifetime}
              name="expiresInDays"
              defaultValue={String(defaultLifetime)}
              className="mt-1 block w-full rounded-md border border-line-strong bg-surface px-3 py-2 text-base sm:text-sm"
            >
              {API_TOKEN_LIFETIMES.map((d) => (
                <option key={d} value={d}>
                  {LIFETIME_LABELS[d]}
                </option>
              ))}
            </select>
          </div>
        </div>
        {askPassword && <FormPasswordField error={stepUp.passwordError} />}
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : `Create ${noun}`}
        </Button>
      </form>
    </section>
  );
}
