import type { ReactNode } from "react";
import { isRemembered, type DeviceSummary } from "@/lib/devices";
import { BackLink } from "@/components/ui/back-link";
import { RelativeTime } from "@/components/ui/relative-time";

type Props = {
  back: { href: string; label: string };
  device: DeviceSummary;
  /** Whose device it is, in a sentence ("One of the devices signed in to your account."). */
  lead: ReactNode;
  /** The device's card, with the reader's actions. */
  card: ReactNode;
  /** Below the card: its history. */
  children?: ReactNode;
};

/** A device's own page, for its user and for an administrator alike: the way back, its name, whose it is, its card. */
export function DevicePageLayout({ back, device, lead, card, children }: Props) {
  return (
    <>
      <BackLink href={back.href}>{back.label}</BackLink>
      <h1 className="mt-2 text-2xl font-semibold wrap-anywhere">{device.name}</h1>
      <p className="mt-1 text-sm text-fg-muted">
        {lead} First seen <RelativeTime iso={device.createdAt} />
        {isRemembered(device) ? " · remembered: no second factor is asked for here" : ""}.
      </p>
      <ul className="mt-6" aria-label="This device">
        {card}
      </ul>
      {children}
    </>
  );
}
