import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireAdmin } from "@devicekeeper/server/auth/session";
import { getRequestContext } from "@devicekeeper/server/request-context";
import { AppError } from "@devicekeeper/server/errors";
import { getApp } from "@devicekeeper/server/oidc/list-apps";
import { discoveryUrl, issuer } from "@devicekeeper/server/oidc/issuer";
import { logoutUriScope } from "@devicekeeper/server/oidc/app-uri-policy";
import { AppActions } from "@/components/apps/app-actions";
import { AppBadges } from "@/components/apps/app-badges";
import { AppForm } from "@/components/apps/app-form";
import { formatDay, formatExact } from "@/lib/format";
import { deleteAppAction, rotateAppSecretAction, setAppEnabledAction, updateAppAction } from "../actions";
import { BackLink } from "@/components/ui/back-link";

export const metadata: Metadata = { title: "App" };

function UriList({ uris }: { uris: string[] }) {
  if (uris.length === 0) return <>None</>;
  return (
    <ul>
      {uris.map((u) => (
        <li key={u} className="break-all font-mono text-xs">
          {u}
        </li>
      ))}
    </ul>
  );
}

export default async function AppPage({ params }: { params: Promise<{ appId: string }> }) {
  const session = await requireAdmin();
  const { appId } = await params;
  const actor = { userId: session.userId, role: session.role, context: await getRequestContext() };
  const app = await getApp({ actor, appId }).catch((e: unknown) => {
    if (e instanceof AppError) notFound();
    throw e;
  });
  const code = "break-all rounded bg-muted px-1.5 py-0.5 font-mono text-xs text-fg-soft";
  return (
    <>
      <BackLink href="/admin/apps">Apps</BackLink>
      <h1 className="mt-2 text-2xl font-semibold wrap-anywhere">{app.name}</h1>
      <p className="mt-1 flex flex-wrap gap-2">
        <AppBadges app={app} />
      </p>
      <dl className="mt-4 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="font-medium">Client ID</dt>
        <dd>
          <code className={code}>{app.clientId}</code>
        </dd>
        <dt className="font-medium">Client secret</dt>
        <dd>
          {app.confidential ? (
            <>
              <code className={code}>{app.secretPrefix ?? "dks_"}…</code> (confidential app; shown in full only when created or rotated)
            </>
          ) : (
            "None: a public app, which signs in with PKCE"
          )}
        </dd>
        <dt className="font-medium">Issuer</dt>
        <dd>
          <code className={code}>{issuer()}</code>
        </dd>
        <dt className="font-medium">Discovery URL</dt>
        <dd>
          <code className={code}>{discoveryUrl()}</code>
        </dd>
        <dt className="font-medium">Redirect URIs</dt>
        <dd>
          <UriList uris={app.redirectUris} />
        </dd>
        <dt className="font-medium">Post-logout redirect URIs</dt>
        <dd>
          <UriList uris={app.postLogoutRedirectUris} />
        </dd>
        <dt className="font-medium">Back-channel logout URI</dt>
        <dd>
          <UriList uris={app.backchannelLogoutUri ? [app.backchannelLogoutUri] : []} />
        </dd>
        <dt className="font-medium">Scopes</dt>
        <dd>{app.scopes.join(", ")}</dd>
        <dt className="font-medium">Consent</dt>
        <dd>{app.firstParty ? "Not asked: a first-party app" : "Users are asked the first time"}</dd>
        <dt className="font-medium">Sign-ins</dt>
        <dd>{app.signIns30d === 1 ? "1" : app.signIns30d} in the last 30 days</dd>
        <dt className="font-medium">Added</dt>
        <dd>
          <time dateTime={app.createdAt} title={formatExact(app.createdAt)}>
            {formatDay(app.createdAt)}
          </time>
        </dd>
      </dl>
      <div className="mt-6">
        <AppActions
          app={app}
          issuer={issuer()}
          actions={{ rotate: rotateAppSecretAction, setEnabled: setAppEnabledAction, remove: deleteAppAction }}
        />
      </div>
      <div className="mt-8">
        <AppForm save={updateAppAction} app={app} issuer={issuer()} logoutUriScope={logoutUriScope()} />
      </div>
    </>
  );
}
