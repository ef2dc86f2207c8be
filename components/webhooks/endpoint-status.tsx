import { RelativeTime } from "@/components/ui/relative-time";
import type { WebhookEndpointSummary } from "@/lib/validation/webhooks";

/** On, off (and why, when Devicekeeper turned it off), or failing since when. */
export function EndpointStatus({ endpoint }: { endpoint: WebhookEndpointSummary }) {
  if (!endpoint.enabled)
    return (
      <span className="rounded-full bg-danger-muted px-2 py-0.5 text-xs font-medium text-danger-strong">
        {endpoint.disabledReason ? "Turned off automatically" : "Off"}
      </span>
    );
  if (endpoint.failingSince)
    return (
      <span className="rounded-full bg-warning-muted px-2 py-0.5 text-xs font-medium text-warning-strong">
        Failing since <RelativeTime iso={endpoint.failingSince} />
      </span>
    );
  return <span className="rounded-full bg-success-muted px-2 py-0.5 text-xs font-medium text-success-strong">On</span>;
}
