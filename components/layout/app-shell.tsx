import Link from "next/link";
import type { ReactNode } from "react";
import { UserMenu } from "@/components/layout/user-menu";
import { MainNav } from "@/components/layout/main-nav";
import { StepUpProvider } from "@/components/security/step-up-context";
import { FocusRescue } from "@/components/ui/focus-rescue";
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
      <header className="relative border-b border-line bg-surface">
        {/* One row at any width: on a phone the sections fold behind the navigation's Menu button. */}
        <div className="mx-auto flex max-w-5xl items-center gap-2 px-4 py-2 sm:gap-6 sm:py-3">
          <Link href="/devices" className="mr-auto shrink-0 font-semibold text-fg sm:mr-0">
            Devicekeeper
          </Link>
          <MainNav isAdmin={user.isAdmin} />
          <UserMenu name={user.name} email={user.email} signOutAction={signOutAction} />
        </div>
      </header>
      <main id="main" className="mx-auto max-w-5xl px-4 py-6 sm:py-8">
        {/* A server component renders once per request: reading the clock here is safe. */}
        <StepUpProvider verifiedAt={verifiedAt.getTime()} neededAtRender={stepUpDue(verifiedAt.getTime())}>
          {children}
        </StepUpProvider>
      </main>
      {/* Focus that falls off the page with what it was on (a card signed out, a button no longer offered) goes next door. */}
      <FocusRescue />
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
