import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { requireAdmin } from "@devicekeeper/server/auth/session";
import { listApiTokens } from "@devicekeeper/server/api-tokens/list-api-tokens";
import { TokenManager } from "@/components/tokens/token-manager";
import { PageSkeleton } from "@/components/ui/page-skeleton";
import { createServerKeyAction, revokeServerKeyAction } from "./actions";
import { BackLink } from "@/components/ui/back-link";

export const metadata: Metadata = { title: "Server API keys" };

export default async function ApiKeysPage() {
  await requireAdmin();
  return (
    <>
      <BackLink href="/admin">Administration</BackLink>
      <h1 className="mt-2 text-2xl font-semibold">Server API keys</h1>
      <p className="mb-6 mt-1 max-w-2xl text-sm text-fg-muted">
        A server key lets your backend call the{" "}
        <Link href="/docs/api" className="font-medium text-accent hover:underline">
          server API
        </Link>{" "}
        for any user — list and invalidate their devices, reset or delete their second factors — and register, list and delete the apps that
        sign in with Devicekeeper. Send it as the HTTP Basic username with an empty password (or as a Bearer token on the second-factor and
        apps routes). Treat it like an administrator&apos;s password.
      </p>
      {/* The heading and the words show at once (the 404 for non-admins is decided above); the keys stream in. */}
      <Suspense fallback={<PageSkeleton label="Loading server API keys…" blocks={["h-40", "h-24"]} title={false} />}>
        <ServerKeys />
      </Suspense>
    </>
  );
}

async function ServerKeys() {
  const keys = await listApiTokens({ kind: "SERVER" });
  return (
    <TokenManager
      noun="API key"
      tokens={keys}
      create={createServerKeyAction}
      revoke={revokeServerKeyAction}
      usage={`curl -u TOKEN: https://<this host>/api/v1/users/<userId>/devices`}
      revokeConsequence="Servers using this key can no longer call the server API."
      mayNeedPassword
      defaultLifetime={365}
    />
  );
}
