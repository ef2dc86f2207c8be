"use client";

import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { FormPasswordField } from "@/components/ui/password-field";
import { useToast } from "@/components/ui/toast";
import { useFormStepUp } from "@/components/security/step-up-context";
import { hardNavigate } from "@/lib/hard-navigate";
import { APP_NAME_MISSING, APP_SCOPES, atLeastOne, LOGOUT_URI_REACH, type LogoutUriScope } from "@/lib/apps";
import type { AppSummary } from "@/lib/validation/apps";
import { AppSecret } from "@/components/apps/app-secret";

/** What the form sends: appInputSchema's fields (and the app's id when editing). */
export type AppFormInput = {
  appId?: string;
  name: string;
  confidential: boolean;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | null;
  firstParty: boolean;
  scopes: string[];
  password?: string;
};
type SaveResult =
  | { ok: true; app: AppSummary; clientSecret: string | null; message?: string }
  | { ok: false; error: string; stepUpRequired?: true; signedOut?: boolean; field?: string };

const FIELDS = ["name", "confidential", "redirectUris", "postLogoutRedirectUris", "backchannelLogoutUri", "scopes", "firstParty"] as const;
type Field = (typeof FIELDS)[number];
const isField = (f: string | undefined): f is Field => (FIELDS as readonly string[]).includes(f ?? "");
const lines = (v: FormDataEntryValue | null) =>
  String(v ?? "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
const inputStyle = "mt-1 block w-full rounded-md border border-line-strong px-3 py-2 text-base aria-invalid:border-red-600 sm:text-sm";

/**
 * Registers an app, or changes one (`app` given). The app's client secret — made when a
 * confidential app is added, or when a public one becomes confidential — is shown once.
 * A refusal about one field is shown under it, and the field takes focus. The required fields are
 * checked before sending, all at once: an empty form says every field it needs, not only the first.
 */
export function AppForm({
  save,
  app,
  issuer,
  logoutUriScope,
}: {
  save: (input: AppFormInput) => Promise<SaveResult>;
  app?: AppSummary;
  issuer: string;
  /** Where this server lets a back-channel logout URI point, for its hint. */
  logoutUriScope: LogoutUriScope;
}) {
  const router = useRouter();
  const toast = useToast();
  const id = useId();
  const fieldId = (f: Field) => `${id}-${f}`;
  /** The form's refusal: one message for the form, or one per field. */
  const [error, setError] = useState<{ message?: string; fields: Partial<Record<Field, string>> } | null>(null);
  const stepUp = useFormStepUp();
  const { askPassword } = stepUp;
  const [pending, setPending] = useState(false);
  const [created, setCreated] = useState<{ app: AppSummary; secret: string } | null>(null);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formElement = e.currentTarget;
    const form = new FormData(formElement);
    const missing: Partial<Record<Field, string>> = {
      ...(!String(form.get("name") ?? "").trim() && { name: APP_NAME_MISSING }),
      ...(!lines(form.get("redirectUris")).length && { redirectUris: atLeastOne("redirect URI") }),
    };
    const first = (Object.keys(missing) as Field[])[0];
    if (first) {
      setError({ fields: missing });
      return requestAnimationFrame(() => document.getElementById(fieldId(first))?.focus());
    }
    setPending(true);
    setError(null);
    const result = await save({
      ...(app && { appId: app.id }),
      name: String(form.get("name") ?? ""),
      confidential: form.get("confidential") !== "public",
      redirectUris: lines(form.get("redirectUris")),
      postLogoutRedirectUris: lines(form.get("postLogoutRedirectUris")),
      backchannelLogoutUri: String(form.get("backchannelLogoutUri") ?? "").trim() || null,
      firstParty: form.get("firstParty") === "on",
      scopes: ["openid", ...form.getAll("scopes").map(String)],
      password: askPassword ? String(form.get("password") ?? "") : undefined,
    });
    setPending(false);
    if (!result.ok) {
      if (result.signedOut) return hardNavigate("/sign-in");
      if (result.stepUpRequired) return stepUp.refusedWith(result.error, formElement);
      const field = isField(result.field) ? result.field : undefined;
      setError(field ? { fields: { [field]: result.error } } : { message: result.error, fields: {} });
      // Take the user to the field the problem is about (a fieldset takes focus itself).
      requestAnimationFrame(() => document.getElementById(field ? fieldId(field) : `${id}-error`)?.focus());
      return;
    }
    stepUp.succeeded();
    if (!app) {
      if (!result.clientSecret) {
        toast("success", `Added “${result.app.name}”, a public app: it has no secret and signs in with PKCE.`);
        return router.push(`/admin/apps/${result.app.id}`);
      }
      setCreated({ app: result.app, secret: result.clientSecret });
      return router.refresh(); // the list below shows it while its secret is on screen
    }
    toast("success", result.message ?? "Saved.");
    if (result.clientSecret) setCreated({ app: result.app, secret: result.clientSecret });
    router.refresh();
  }

  if (created)
    return (
      <AppSecret
        app={created.app}
        secret={created.secret}
        issuer={issuer}
        heading={app ? `Copy the new client secret of “${created.app.name}” now` : `Copy the client secret of “${created.app.name}” now`}
        onDone={() => {
          setCreated(null);
          if (!app) router.push(`/admin/apps/${created.app.id}`);
        }}
      />
    );

  /** The field's error under it, tied to it (aria-describedby), and its hint. */
  const describe = (f: Field, hint?: boolean) =>
    [error?.fields[f] && `${fieldId(f)}-error`, hint && `${fieldId(f)}-hint`].filter(Boolean).join(" ") || undefined;
  const invalid = (f: Field) => !!error?.fields[f] || undefined;
  const fieldError = (f: Field) =>
    error?.fields[f] ? (
      <p id={`${fieldId(f)}-error`} role="alert" className="mt-1 text-sm font-medium text-danger">
        {error.fields[f]}
      </p>
    ) : null;
  const hint = (f: Field, text: ReactNode) => (
    <p id={`${fieldId(f)}-hint`} className="mt-1 text-xs text-fg-subtle">
      {text}
    </p>
  );
  /** A list of URIs, one per line, with its label, error and hint. */
  const uriList = (
    f: "redirectUris" | "postLogoutRedirectUris",
    label: string,
    rows: number,
    value: string[] | undefined,
    hintText: string,
    { required = false, placeholder }: { required?: boolean; placeholder?: string } = {},
  ) => (
    <div>
      <label htmlFor={fieldId(f)} className="block text-sm font-medium">
        {label} {!required && <span className="font-normal text-fg-subtle">(optional)</span>}
      </label>
      <textarea
        id={fieldId(f)}
        name={f}
        required={required}
        rows={rows}
        spellCheck={false}
        defaultValue={value?.join("\n")}
        placeholder={placeholder}
        aria-invalid={invalid(f)}
        aria-describedby={describe(f, true)}
        className={`${inputStyle} font-mono`}
      />
      {fieldError(f)}
      {hint(f, hintText)}
    </div>
  );
  const scopes = new Set(app?.scopes ?? ["openid", "profile", "email"]);

  return (
    <section aria-labelledby={`${id}-heading`} className="rounded-xl border border-line bg-surface p-4 sm:p-5">
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        {app ? "Change its registration" : "Add an app"}
      </h2>
      <form method="post" onSubmit={(e) => void submit(e)} className="mt-3 space-y-5" aria-busy={pending} noValidate>
        {error?.message && (
          <div id={`${id}-error`} tabIndex={-1} className="outline-none">
            <FormAlert>{error.message}</FormAlert>
          </div>
        )}
        <div>
          <label htmlFor={fieldId("name")} className="block text-sm font-medium">
            Name
          </label>
          <input
            id={fieldId("name")}
            name="name"
            required
            maxLength={64}
            autoComplete="off"
            defaultValue={app?.name}
            aria-invalid={invalid("name")}
            aria-describedby={describe("name", true)}
            className={`${inputStyle} sm:max-w-sm`}
          />
          {fieldError("name")}
          {hint("name", "Users see it on the consent page and on their Apps page.")}
        </div>

        <fieldset id={fieldId("confidential")} tabIndex={-1} aria-describedby={describe("confidential")} className="outline-none">
          <legend className="text-sm font-medium">Kind of app</legend>
          <label className="mt-1 flex min-h-11 items-start gap-2 py-1 text-sm">
            <input
              type="radio"
              name="confidential"
              value="confidential"
              defaultChecked={app?.confidential ?? true}
              className="mt-0.5 size-4 shrink-0"
            />
            <span>
              Confidential <span className="block text-fg-muted">A server-side app that can keep a client secret.</span>
            </span>
          </label>
          <label className="flex min-h-11 items-start gap-2 py-1 text-sm">
            <input
              type="radio"
              name="confidential"
              value="public"
              defaultChecked={app ? !app.confidential : false}
              className="mt-0.5 size-4 shrink-0"
            />
            <span>
              Public{" "}
              <span className="block text-fg-muted">
                A single-page app, or a native one with an https redirect: no secret; it must sign in with PKCE.
              </span>
            </span>
          </label>
          {app && (
            <p className="mt-1 text-xs text-fg-subtle">
              {app.confidential ? "Making it public takes its client secret away" : "Making it confidential gives it a client secret"}, and
              signs everyone out of it: the tokens it holds stop working.
            </p>
          )}
          {fieldError("confidential")}
        </fieldset>

        {uriList(
          "redirectUris",
          "Redirect URIs",
          3,
          app?.redirectUris,
          "One per line, at most 10. Users return here after signing in; each must match exactly.",
          {
            required: true,
            placeholder: "https://wiki.example.com/oauth/callback",
          },
        )}
        {uriList(
          "postLogoutRedirectUris",
          "Post-logout redirect URIs",
          2,
          app?.postLogoutRedirectUris,
          "One per line. Where users may return after signing out through Devicekeeper.",
        )}

        <div>
          <label htmlFor={fieldId("backchannelLogoutUri")} className="block text-sm font-medium">
            Back-channel logout URI <span className="font-normal text-fg-subtle">(optional)</span>
          </label>
          <input
            id={fieldId("backchannelLogoutUri")}
            name="backchannelLogoutUri"
            type="url"
            spellCheck={false}
            defaultValue={app?.backchannelLogoutUri ?? ""}
            placeholder="https://wiki.example.com/oauth/backchannel-logout"
            aria-invalid={invalid("backchannelLogoutUri")}
            aria-describedby={describe("backchannelLogoutUri", true)}
            className={`${inputStyle} font-mono`}
          />
          {fieldError("backchannelLogoutUri")}
          {hint(
            "backchannelLogoutUri",
            `Devicekeeper POSTs a signed logout token here when a session the app signed in from ends. ${LOGOUT_URI_REACH[logoutUriScope]}`,
          )}
        </div>

        <fieldset id={fieldId("scopes")} tabIndex={-1} aria-describedby={describe("scopes")} className="outline-none">
          <legend className="text-sm font-medium">What it may ask for</legend>
          <ul className="mt-1 grid gap-x-4 sm:grid-cols-2">
            {Object.entries(APP_SCOPES).map(([scope, meaning]) => (
              <li key={scope}>
                <label className="flex min-h-11 items-start gap-2 py-1 text-sm">
                  {scope === "openid" ? (
                    // Always granted: shown, not offered.
                    <input type="checkbox" checked disabled className="mt-0.5 size-4 shrink-0" />
                  ) : (
                    <input
                      type="checkbox"
                      name="scopes"
                      value={scope}
                      defaultChecked={scopes.has(scope)}
                      className="mt-0.5 size-4 shrink-0"
                    />
                  )}
                  <span>
                    <code className="font-medium">{scope}</code>
                    {scope === "openid" && <span className="text-fg-subtle"> (always)</span>}
                    <span className="block text-fg-muted">{meaning}</span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
          {fieldError("scopes")}
        </fieldset>

        <div>
          <label className="flex min-h-11 items-start gap-2 py-1 text-sm">
            <input
              id={fieldId("firstParty")}
              type="checkbox"
              name="firstParty"
              defaultChecked={app?.firstParty ?? false}
              aria-describedby={describe("firstParty", true)}
              className="mt-0.5 size-4 shrink-0"
            />
            <span className="font-medium">First-party: don&apos;t ask users for consent</span>
          </label>
          {fieldError("firstParty")}
          {hint("firstParty", "Only for your organisation's own apps: users are signed in to it without being asked what it may see.")}
        </div>

        {askPassword && <FormPasswordField error={stepUp.passwordError} />}
        <Button type="submit" disabled={pending}>
          {pending ? (app ? "Saving…" : "Adding…") : app ? "Save changes" : "Add app"}
        </Button>
      </form>
    </section>
  );
}
