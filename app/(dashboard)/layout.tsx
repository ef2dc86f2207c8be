import type { ReactNode } from "react";
import { requireUser } from "@devicekeeper/server/auth/session";
import { AppShell } from "@/components/layout/app-shell";
import { ToastProvider } from "@/components/ui/toast";
import { signOutAction } from "@/app/actions/sign-out";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const session = await requireUser();
  return (
    <ToastProvider>
      <AppShell
        user={{ name: session.name, email: session.email, isAdmin: session.role === "ADMIN" }}
        verifiedAt={session.verifiedAt}
        signOutAction={signOutAction}
      >
        {children}
      </AppShell>
    </ToastProvider>
  );
}
