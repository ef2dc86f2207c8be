import Link from "next/link";
import type { ReactNode } from "react";
import { UserMenu } from "@/components/layout/user-menu";
import { NavLink } from "@/components/layout/nav-link";
import { StepUpProvider } from "@/components/security/step-up-context";
import { stepUpDue } from "@/lib/step-up";

export type ShellUser = { name: string; email: string; isAdmin: boolean };

export function AppShell({
  user,
  verifiedAt,
  signOutAction,
  children,
}: {
  user: ShellUser;
  /** When this session last proved the password: sensitive actions ask for it again after 10 minutes. */
  verifiedAt: Date;
  signOutAction: () => Promise<unknown>;
  children: ReactNode;
}) {
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-surface focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <header className="border-b border-line bg-surface">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/devices" className="shrink-0 font-semibold text-fg">
            Devicekeeper
          </Link>
          {/* On a phone the navigation takes its own row under the brand and the account menu, and wraps:
              every section stays in view, down to 320 px. */}
          <nav aria-label="Main" className="order-last -mx-1 flex w-full flex-wrap gap-1 text-sm sm:order-none sm:mx-0 sm:w-auto sm:flex-1">
            <NavLink href="/devices">Devices</NavLink>
            <NavLink href="/security">Security</NavLink>
            <NavLink href="/apps">Apps</NavLink>
            <NavLink href="/activity">Activity</NavLink>
            <NavLink href="/settings/tokens">API tokens</NavLink>
            {user.isAdmin && <NavLink href="/admin">Admin</NavLink>}
          </nav>
          <UserMenu name={user.name} email={user.email} signOutAction={signOutAction} />
        </div>
      </header>
      <main id="main" className="mx-auto max-w-5xl px-4 py-6 sm:py-8">
        {/* A server component renders once per request: reading the clock here is safe. */}
        <StepUpProvider verifiedAt={verifiedAt.getTime()} neededAtRender={stepUpDue(verifiedAt.getTime())}>
          {children}
        </StepUpProvider>
      </main>
      {/* The place shown beside devices, sessions and history comes from DB-IP's Lite database (CC BY 4.0), which asks for this link. */}
      <footer className="mx-auto max-w-5xl px-4 pb-6 text-xs text-fg-muted">
        Approximate locations:{" "}
        <a href="https://db-ip.com" className="underline">
          IP Geolocation by DB-IP
        </a>
      </footer>
    </div>
  );
}
