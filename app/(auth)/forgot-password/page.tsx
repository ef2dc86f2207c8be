import type { Metadata } from "next";
import { PublicCard } from "@/components/auth/public-card";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";
import { requestPasswordResetAction } from "@/app/actions/account-recovery";

export const metadata: Metadata = { title: "Forgot your password?" };

export default function ForgotPasswordPage() {
  return (
    <PublicCard
      title="Forgot your password?"
      intro="Enter the email address of your account and we will email you a link to choose a new one."
    >
      <ForgotPasswordForm request={requestPasswordResetAction} />
    </PublicCard>
  );
}
