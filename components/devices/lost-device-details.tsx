import type { DeviceSummary } from "@/lib/devices";
import type { SecurityOverview } from "@/lib/security";
import { lostDevicePlan } from "@/lib/lost-device";

type Props = {
  device: DeviceSummary;
  /** The user's second factors and recovery codes: what stays, and what the next sign-in asks. */
  security: SecurityOverview;
  /** The user's name when an administrator reads it; otherwise it speaks to the user. */
  who?: string;
  /** An administrator's action the user is emailed about (not their own account, not a disabled one). */
  emailed?: boolean;
};

/**
 * The body of the "I lost this device" / "Lost device" confirmation: exactly what goes with the
 * device, what stays, and what the next sign-in will ask (lib/lost-device.ts).
 */
export function LostDeviceDetails({ device, security, who, emailed = false }: Props) {
  const plan = lostDevicePlan(device, security, who);
  const list = (title: string, items: string[]) => (
    <div>
      <h3 className="font-medium text-fg">{title}</h3>
      <ul aria-label={title} className="mt-1 list-disc space-y-0.5 pl-5">
        {items.map((item, i) => (
          // Two factors may share a name; the list never reorders while shown.
          <li key={i}>{item}</li>
        ))}
      </ul>
    </div>
  );
  return (
    <>
      {list("What goes", plan.goes)}
      {list("What stays", plan.stays)}
      <p className="font-medium text-fg" data-testid="next-sign-in">
        {plan.nextSignIn}
      </p>
      {plan.setUpNew && <p className="font-medium text-danger">{plan.setUpNew}</p>}
      {/* An administrator's action on someone's account is told to them (server/mail: 'device-lost', emailOnAdminAction). */}
      {who && emailed && <p>{who} gets an email saying you did this, unless they have turned that email off.</p>}
    </>
  );
}
