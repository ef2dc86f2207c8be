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

/** A history entry that names no device: an administrator's action, or one on the account itself. */
const actorPaths = {
  admin: "M12 3l7 3v5c0 4.4-2.9 8.3-7 9.5-4.1-1.2-7-5.1-7-9.5V6zM9 12l2 2 4-4",
  account: "M15 7a3 3 0 1 1-6 0 3 3 0 0 1 6 0zM12 10v11M12 15h3M12 18h2",
} as const;

/**
 * A history entry's icon: an administrator's action shows a shield (the device it names, if any,
 * is the user's, not where the administrator acted); otherwise the device it happened on, or, with
 * none, a key: the account itself (a password reset, a token, an attempt from who knows where).
 */
export function ActivityIcon({
  by,
  deviceType,
  ...props
}: { by: "you" | "an administrator" | "system"; deviceType?: DeviceKind | null } & SVGProps<SVGSVGElement>) {
  if (by !== "an administrator" && deviceType) return <DeviceIcon {...props} type={deviceType} data-icon={deviceType} />;
  const mark = by === "an administrator" ? "admin" : "account";
  return (
    <svg {...base} {...props} data-icon={mark}>
      <path d={actorPaths[mark]} />
    </svg>
  );
}
