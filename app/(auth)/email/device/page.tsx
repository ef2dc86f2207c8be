import Link from "next/link";
import type { Metadata } from "next";
import { PublicCard } from "@/components/auth/public-card";
import { DeviceReport } from "@/components/auth/device-report";
import { peekDeviceReport } from "@devicekeeper/server/devices/report-device";
import { reportDeviceAction, resetPasswordAction } from "@/app/actions/account-recovery";

export const metadata: Metadata = { title: "Was this you?", referrer: "no-referrer" };

/**
 * Where the buttons of a new-device email lead. Opening the link changes nothing (mail scanners
 * open links too): the page says what will happen, and one button does it.
 */
export default async function DeviceReportPage({ searchParams }: { searchParams: Promise<{ t?: string; answer?: string }> }) {
  const { t, answer } = await searchParams;
  const report = await peekDeviceReport(t);
  if (!report || !t)
    return (
      <PublicCard title="This link no longer works">
        <p className="mt-4 text-sm text-fg-soft">
          The buttons in a new-device email work once, for 7 days. You can still see and sign out every device on your devices page.
        </p>
        <p className="mt-4 flex flex-wrap gap-4 text-sm">
          <Link href="/devices" className="font-medium text-accent hover:underline">
            Your devices
          </Link>
          <a href="/forgot-password" className="font-medium text-accent hover:underline">
            Reset your password
          </a>
        </p>
      </PublicCard>
    );
  return (
    <PublicCard title="Was this you?" intro={<>A new sign-in to {report.email}.</>}>
      <DeviceReport
        token={t}
        email={report.email}
        device={report.device}
        apps={report.apps}
        initial={answer === "me" ? "me" : "not-me"}
        report={reportDeviceAction}
        reset={resetPasswordAction}
      />
    </PublicCard>
  );
}
