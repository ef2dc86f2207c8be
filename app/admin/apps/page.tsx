import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { requireAdmin } from "@devicekeeper/server/auth/session";
import { getRequestContext } from "@devicekeeper/server/request-context";
import { listApps } from "@devicekeeper/server/oidc/list-apps";
import { discoveryUrl, issuer } from "@devicekeeper/server/oidc/issuer";
import { logoutUriScope } from "@devicekeeper/server/oidc/app-uri-policy";
import { AppForm } from "@/components/apps/app-form";
import { AppBadges } from "@/components/apps/app-badges";
import { PageSkeleton } from "@/components/ui/page-skeleton";
import { formatDay, formatExact } from "@/lib/format";
import { createAppAction } from "./actions";
import { BackLink } from "@/components/ui/back-link";

export const metadata: Metadata = { title: "Apps" };

export default async function AppsPage() {
  const session = await requireAdmin();
  const actor = { userId: session.userId, role: session.role, context: await getRequestContext() };
  return (
    <>
      <BackLink href="/admin">Administration</BackLink>
      <h1 className="mt-2 text-2xl font-semibold">Apps</h1>
      <p className="mb-6 mt-1 max-w-2xl text-sm text-fg-muted">
        Apps that sign their users in with their Devicekeeper account (OpenID Connect). Register an app here, then configure it with its
        client ID, its secret and the discovery URL{" "}
        <code className="rounded bg-muted px-1 py-0.5 text-xs text-fg-soft wrap-anywhere">{discoveryUrl()}</code>. Whatever ends a
        user&apos;s Devicekeeper session signs them out of the apps too. Backends can also manage apps through the{" "}
        <Link href="/docs/api" className="font-medium text-accent hover:underline">
          server API
        </Link>
        .
      </p>
      <div className="space-y-8">
        <AppForm save={createAppAction} issuer={issuer()} logoutUriScope={logoutUriScope()} />
        {/* The form shows at once (the 404 for non-admins is decided above); the apps stream in. */}
        <Suspense fallback={<PageSkeleton label="Loading apps…" blocks={["h-24", "h-24"]} title={false} />}>
          <Apps actor={actor} />
        </Suspense>
      </div>
    </>
  );
}

async function Apps({ actor }: { actor: Parameters<typeof listApps>[0]["actor"] }) {
  const apps = await listApps({ actor });
  return (
    <section aria-labelledby="apps-heading">
      <h2 id="apps-heading" className="text-lg font-semibold">
        Registered apps <span className="font-normal text-fg-subtle">({apps.length})</span>
      </h2>
      {apps.length === 0 ? (
        <p className="mt-2 text-sm text-fg-muted">No apps yet: no one can sign in to anything with Devicekeeper.</p>
      ) : (
        <ul className="mt-3 divide-y divide-line rounded-xl border border-line bg-surface">
          {apps.map((a) => (
            <li key={a.id} className="p-4">
              <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <Link href={`/admin/apps/${a.id}`} prefetch={false} className="font-medium text-accent wrap-anywhere hover:underline">
                  {a.name}
                </Link>
                <AppBadges app={a} />
              </p>
              <p className="mt-1 text-sm text-fg-muted">
                Client ID <code className="break-all text-xs text-fg-soft">{a.clientId}</code>
              </p>
              <p className="mt-1 text-sm text-fg-muted">
                {a.signIns30d === 1 ? "1 sign-in" : `${a.signIns30d} sign-ins`} in the last 30 days · Added{" "}
                <time dateTime={a.createdAt} title={formatExact(a.createdAt)}>
                  {formatDay(a.createdAt)}
                </time>
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
