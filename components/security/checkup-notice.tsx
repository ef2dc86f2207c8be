import Link from "next/link";
import { attentionLine, CHECKUP_HREF } from "@/lib/security-checkup";

/** The line on /devices when the security checkup has something to do: "2 things need your attention — Review". */
export function CheckupNotice({ count }: { count: number }) {
  if (!count) return null;
  return (
    <p
      className="mb-4 flex flex-wrap items-center gap-x-2 rounded-lg border border-warning-line bg-warning-soft px-4 py-3 text-sm text-warning-strong"
      data-testid="checkup-notice"
    >
      <span className="font-medium">{attentionLine(count)}</span>—
      <Link href={CHECKUP_HREF} className="inline-flex min-h-11 items-center font-semibold underline underline-offset-2">
        Review<span className="sr-only"> your security checkup</span>
      </Link>
    </p>
  );
}
