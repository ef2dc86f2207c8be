import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { cookies } from "next/headers";
import { THEME_COOKIE, parseTheme } from "@/lib/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Devicekeeper", template: "%s · Devicekeeper" },
  description: "See every device signed in to your account, and sign out the ones you don't recognise.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

// Every page carries a per-response CSP nonce (server/http/front-door.ts), which only a page
// rendered for that response can put on its scripts: no page is prerendered.
export const dynamic = "force-dynamic";

// No client providers here: the sign-in and other public pages load none. The dashboard and admin
// layouts provide toasts, the devices pages react-query (docs/performance.md#page-weight).
export default async function RootLayout({ children }: { children: ReactNode }) {
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    // No data-theme: the system's choice (prefers-color-scheme), see app/globals.css.
    <html lang="en" data-theme={theme === "system" ? undefined : theme}>
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
