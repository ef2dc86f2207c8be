import type { Metadata } from "next";
import { PublicCard } from "@/components/auth/public-card";
import { NewPasswordForm } from "@/components/auth/new-password-form";
import { peekPasswordReset } from "@devicekeeper/server/auth/password-reset";
import { resetPasswordAction } from "@/app/actions/account-recovery";
import { nextQuery } from "@/lib/next-path";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ t?: string; next?: string }> }) {
  const { t, next } = await searchParams;
  const account = await peekPasswordReset(t);
  if (!account || !t)
    return (
      <PublicCard title="This link no longer works">
        <p className="mt-4 text-sm text-fg-soft">Reset links work once, for 30 minutes. Ask for a new one and use the latest email.</p>
        <p className="mt-4">
          <a href={`/forgot-password${nextQuery(next)}`} className="font-medium text-accent hover:underline">
            Email me a new link
          </a>
        </p>
      </PublicCard>
    );
  return (
    <PublicCard title="Choose a new password" intro={<>For {account.email}.</>}>
      <NewPasswordForm token={t} email={account.email} apps={account.apps} reset={resetPasswordAction} next={next} />
    </PublicCard>
  );
}
