import type { SVGProps } from "react";
import type { DeviceKind } from "@/lib/user-agent";

const base = {
  fill: "none",
  stroke: "currentColor",
  strokeWidth: 1.6,
  strokeLinecap: "round",
  strokeLinejoin: "round",
  viewBox: "0 0 24 24",
  "aria-hidden": true,
} as const;

const paths: Record<DeviceKind, string> = {
  desktop: "M3 5h18v11H3zM8 20h8M12 16v4",
  mobile: "M8 2h8a1 1 0 0 1 1 1v18a1 1 0 0 1-1 1H8a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1zM11 18h2",
  tablet: "M5 2h14a1 1 0 0 1 1 1v18a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1zM11 18h2",
  unknown: "M12 17h.01M9.1 9a3 3 0 0 1 5.8 1c0 2-3 2-3 4M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20z",
};

export function DeviceIcon({ type, ...props }: { type: DeviceKind } & SVGProps<SVGSVGElement>) {
  return (
    <svg {...base} {...props}>
      <path d={paths[type]} />
    </svg>
  );
}

/** Who or what acted, for a history entry that names no device: an administrator, or Devicekeeper itself. */
const actorPaths = {
  admin: "M12 3l7 3v5c0 4.4-2.9 8.3-7 9.5-4.1-1.2-7-5.1-7-9.5V6zM9 12l2 2 4-4",
  system: "M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20zM12 7v5l3 2",
  you: "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0",
} as const;

/**
 * A history entry's icon: an administrator's action shows a shield (the device it names, if any,
 * is the user's, not where the administrator acted); otherwise the device it happened on, or, with
 * none, the person or Devicekeeper's clock (an expiry, a limit).
 */
export function ActivityIcon({
  by,
  deviceType,
  ...props
}: { by: "you" | "an administrator" | "system"; deviceType?: DeviceKind | null } & SVGProps<SVGSVGElement>) {
  if (by !== "an administrator" && deviceType) return <DeviceIcon {...props} type={deviceType} data-icon={deviceType} />;
  const actor = by === "an administrator" ? "admin" : by === "system" ? "system" : "you";
  return (
    <svg {...base} {...props} data-icon={actor}>
      <path d={actorPaths[actor]} />
    </svg>
  );
}
