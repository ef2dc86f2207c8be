import { RelativeTime } from "@/components/ui/relative-time";
import type { WebhookEndpointSummary } from "@/lib/validation/webhooks";

/** On, off (and why, when Devicekeeper turned it off), or failing since when. */
export function EndpointStatus({ endpoint }: { endpoint: WebhookEndpointSummary }) {
  if (!endpoint.enabled)
    return (
      <span className="rounded-full bg-red-100 px-2 py-0.5 text-xs font-medium text-red-800">
        {endpoint.disabledReason ? "Turned off automatically" : "Off"}
      </span>
    );
  if (endpoint.failingSince)
    return (
      <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">
        Failing since <RelativeTime iso={endpoint.failingSince} />
      </span>
    );
  return <span className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800">On</span>;
}
