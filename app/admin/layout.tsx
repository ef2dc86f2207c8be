import type { ReactNode } from "react";
import { requireAdmin } from "@devicekeeper/server/auth/session";
import { AppShell } from "@/components/layout/app-shell";
import { ToastProvider } from "@/components/ui/toast";
import { signOutAction } from "@/app/actions/sign-out";

// Non-admins get a 404 for everything under /admin (the section does not exist for them);
// each page and action checks again itself, since a layout does not run on every navigation.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const session = await requireAdmin();
  return (
    <ToastProvider>
      <AppShell
        user={{ name: session.name, email: session.email, isAdmin: true }}
        verifiedAt={session.verifiedAt}
        signOutAction={signOutAction}
      >
        {children}
      </AppShell>
    </ToastProvider>
  );
}
