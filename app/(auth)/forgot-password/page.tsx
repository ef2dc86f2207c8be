import type { Metadata } from "next";
import { PublicCard } from "@/components/auth/public-card";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";
import { requestPasswordResetAction } from "@/app/actions/account-recovery";

export const metadata: Metadata = { title: "Forgot your password?" };

/** `next`: the app sign-in (or page) this detour started from; the way back and the emailed link keep it. */
export default async function ForgotPasswordPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return (
    <PublicCard
      title="Forgot your password?"
      intro="Enter the email address of your account and we will email you a link to choose a new one."
    >
      <ForgotPasswordForm request={requestPasswordResetAction} next={next} />
    </PublicCard>
  );
}
