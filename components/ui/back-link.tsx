import Link from "next/link";
import type { ReactNode } from "react";

/** The way back up, above a page's heading: "← Administration", "← Users", "← Your devices". */
export function BackLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link href={href} className="inline-flex min-h-11 items-center text-sm font-medium text-accent hover:underline">
      ← {children}
    </Link>
  );
}
