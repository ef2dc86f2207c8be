import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { cookies } from "next/headers";
import { getSession } from "@/server/auth/session";
import { endedSessionNotice } from "@/server/auth/ended-session";
import { sessionCookieName } from "@/server/auth/cookies";
import { SignInForm } from "@/components/auth/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ reset?: string }> }) {
  if (await getSession()) redirect("/devices");
  const { reset } = await searchParams;
  // A browser whose session was ended elsewhere lands here with its old cookie: say why.
  const ended = reset === "1" ? null : await endedSessionNotice((await cookies()).get(sessionCookieName())?.value);
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm rounded-xl border border-line bg-surface p-6 shadow-sm sm:p-8">
        <h1 className="text-xl font-semibold">Sign in to Devicekeeper</h1>
        <p className="mt-1 text-sm text-fg-muted">See and manage the devices signed in to your account.</p>
        {ended && (
          <p role="status" className="mt-4 rounded-md border border-warning-line bg-warning-soft px-3 py-2 text-sm text-warning-strong">
            {ended}
          </p>
        )}
        {reset === "1" && (
          <p role="status" className="mt-4 rounded-md border border-success-line bg-success-soft px-3 py-2 text-sm text-success-strong">
            Your password was changed and every device was signed out. Sign in with your new password.
          </p>
        )}
        <SignInForm />
      </div>
    </main>
  );
}
