/**
 * Signs in through one of next-auth's credentials providers ("credentials": email and password;
 * "mfa": the second step) the way next-auth/react's `signIn(…, { redirect: false })` does — the
 * CSRF token from /api/auth/csrf, then a form POST to /api/auth/callback/<provider> asking for JSON —
 * without loading next-auth/react into the sign-in page. The error is what the provider threw
 * ("MFA_REQUIRED:totp,passkey", "LOCKED_ACCOUNT:60", "CredentialsSignin" …), null when signed in.
 * Rejects when the server cannot be reached.
 */
export async function postCredentials(provider: "credentials" | "mfa", fields: Record<string, string>): Promise<{ error: string | null }> {
  const { csrfToken } = (await (await fetch("/api/auth/csrf", { cache: "no-store" })).json()) as { csrfToken: string };
  const res = await fetch(`/api/auth/callback/${provider}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...fields, csrfToken, callbackUrl: window.location.href, json: "true" }),
  });
  const { url } = (await res.json()) as { url: string };
  return { error: new URL(url, window.location.href).searchParams.get("error") };
}
