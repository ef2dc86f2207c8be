import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@devicekeeper/server/auth/session";
import { listApiTokens } from "@devicekeeper/server/api-tokens/list-api-tokens";
import { TokenManager } from "@/components/tokens/token-manager";
import { createPersonalTokenAction, revokePersonalTokenAction } from "./actions";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  const session = await requireUser();
  const tokens = await listApiTokens({ kind: "PERSONAL", userId: session.userId });
  return (
    <>
      <h1 className="text-2xl font-semibold">Personal access tokens</h1>
      <p className="mb-6 mt-1 max-w-2xl text-sm text-fg-muted">
        A token lets a script or app use the{" "}
        <Link href="/docs/api" className="font-medium text-accent hover:underline">
          REST API
        </Link>{" "}
        as you: list your devices, untrust or remove them. Anyone holding it can do the same, so keep it secret and revoke it when it is no
        longer needed. It stops working at once if revoked, when it expires, or if your account is disabled.
      </p>
      <TokenManager
        noun="token"
        tokens={tokens}
        create={createPersonalTokenAction}
        revoke={revokePersonalTokenAction}
        usage={`curl -H "Authorization: Bearer TOKEN" https://<this host>/api/v1/settings/devices`}
        revokeConsequence="Scripts and apps using this token can no longer call the API as you."
        mayNeedPassword
      />
    </>
  );
}
