"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import type { WebhookDeliveryItem } from "@/lib/validation/webhooks";

/** A retry further off than this is not waited for: the page is not re-read for hours. */
const SOON_MS = 60_000;

/**
 * Re-reads the page every few seconds while a delivery is waiting for an attempt due now or within
 * a minute (a first attempt, one in flight, a quick retry), so its outcome shows without a reload.
 */
export function RefreshWhilePending({
  enabled,
  deliveries,
  everyMs = 3_000,
}: {
  enabled: boolean;
  deliveries: Pick<WebhookDeliveryItem, "status" | "nextAttemptAt">[];
  everyMs?: number;
}) {
  const router = useRouter();
  // A string, so a refresh that brings the same deliveries does not restart the timer.
  const due = deliveries
    .filter((d) => d.status === "PENDING")
    .map((d) => d.nextAttemptAt ?? "now")
    .join(",");
  useEffect(() => {
    const soon = due && due.split(",").some((at) => at === "now" || Date.parse(at) - Date.now() < SOON_MS);
    if (!enabled || !soon) return;
    const timer = setInterval(() => router.refresh(), everyMs);
    return () => clearInterval(timer);
  }, [enabled, due, everyMs, router]);
  return null;
}
