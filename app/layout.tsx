import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { cookies } from "next/headers";
import { THEME_COOKIE, parseTheme } from "@/lib/theme";
import { Providers } from "@/components/providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Devicekeeper", template: "%s · Devicekeeper" },
  description: "See every device signed in to your account, and sign out the ones you don't recognise.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

// Every page carries a per-response CSP nonce (server/http/front-door.ts), which only a page
// rendered for that response can put on its scripts: no page is prerendered.
export const dynamic = "force-dynamic";

export default async function RootLayout({ children }: { children: ReactNode }) {
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    // No data-theme: the system's choice (prefers-color-scheme), see app/globals.css.
    <html lang="en" data-theme={theme === "system" ? undefined : theme}>
      <body className="min-h-screen font-sans">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
