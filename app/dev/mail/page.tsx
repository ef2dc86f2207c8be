import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getSession } from "@devicekeeper/server/auth/session";
import { getRequestContext } from "@devicekeeper/server/request-context";
import { listCapturedMail, mayReadDevOutbox } from "@devicekeeper/server/mail/dev-outbox";
import { formatExact } from "@/lib/format";
import { MailHtmlPreview } from "@/components/dev/mail-html-preview";

export const metadata: Metadata = { title: "Dev outbox", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

/** Linkify a plain-text body (its URLs are the app's own links). */
function TextBody({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/\S+[^\s.,:;)])/g);
  return (
    <pre className="overflow-x-auto whitespace-pre-wrap break-words rounded-md bg-canvas p-3 text-sm">
      {parts.map((p, i) =>
        /^https?:\/\//.test(p) ? (
          <a key={i} href={p} className="text-accent underline">
            {p}
          </a>
        ) : (
          p
        ),
      )}
    </pre>
  );
}

/**
 * The dev outbox: without SMTP_URL, in development (`npm run dev`), security emails are kept here
 * instead of sent. A 404 otherwise (production, whatever the database), and to anyone but this
 * machine or an administrator.
 */
export default async function DevMailPage() {
  const session = await getSession();
  if (!mayReadDevOutbox(await getRequestContext(), session?.role ?? null)) notFound();
  const mails = await listCapturedMail();
  return (
    <main className="mx-auto max-w-3xl p-4 sm:p-8">
      <h1 className="text-2xl font-semibold">Dev outbox</h1>
      <p className="mt-1 text-sm text-fg-muted">
        Security emails the app would have sent, newest first (the last 50). Set <code>SMTP_URL</code> to send them instead.
      </p>
      {mails.length === 0 ? (
        <p className="mt-6 rounded-xl border border-dashed border-line-strong bg-surface p-8 text-center text-fg-muted">
          No email yet. Sign in from a second browser to get a “new device” email.
        </p>
      ) : (
        <ol className="mt-6 space-y-3" aria-label="Emails">
          {mails.map((m) => (
            <li key={m.id} data-mail-kind={m.kind} className="rounded-xl border border-line bg-surface p-4">
              <details>
                <summary className="cursor-pointer">
                  <span className="font-medium">{m.subject}</span>
                  <span className="block text-sm text-fg-muted">
                    To {m.to} · <time dateTime={m.sentAt}>{formatExact(m.sentAt)}</time>
                  </span>
                </summary>
                <div className="mt-3 space-y-3">
                  <TextBody text={m.text} />
                  <details>
                    <summary className="cursor-pointer text-sm font-medium">HTML version</summary>
                    <MailHtmlPreview subject={m.subject} html={m.html} />
                  </details>
                </div>
              </details>
            </li>
          ))}
        </ol>
      )}
    </main>
  );
}
